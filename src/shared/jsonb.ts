/**
 * `jsonb_build_object(...)` from a map of field name -> SQL expression. Typed callers pass
 * a `Record<keyof Payload, string>`, so an event built in SQL has exactly the fields its
 * declared payload has: a missing or extra field fails the type check.
 */
export function jsonbObject(fields: Record<string, string>): string {
  const pairs = Object.entries(fields).map(([name, sql]) => `'${name}', ${sql}`);
  return `jsonb_build_object(${pairs.join(", ")})`;
}
