/**
 * Turn what a person typed into a PostgreSQL tsquery that matches words starting with each
 * typed word ("sne lim" -> "sne:* & lim:*"), for type-ahead. Only letters and digits
 * survive, so the result is always a valid tsquery; null when nothing searchable is left.
 */
export function prefixTsQuery(input: string | undefined): string | null {
  if (!input) return null;
  const words = input.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 8)
    .map((w) => `${w}:*`)
    .join(" & ");
}
