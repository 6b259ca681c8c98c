import type { DeskOrder } from "./desk.schemas.js";

/**
 * The order export as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break quoted with quotes doubled). Cells come from buyers (names,
 * addresses) and are opened in spreadsheets, so a text cell starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return is prefixed with `'`: the spreadsheet shows it as text
 * instead of running it as a formula (OWASP "CSV injection").
 */

export const CSV_COLUMNS = [
  "order_id",
  "created_at",
  "status",
  "buyer_id",
  "buyer_name",
  "variant_id",
  "variant_name",
  "quantity",
  "total_cents",
  "currency",
  "ship_name",
  "ship_line1",
  "ship_line2",
  "ship_city",
  "ship_postal_code",
  "ship_country",
  "carrier",
  "tracking_number",
  "fulfilled_at",
] as const;

const FORMULA = /^[=+\-@\t\r]/;
// A semicolon or tab too: spreadsheets in many locales split on them, and an unquoted piece
// after one would start a new cell, out of reach of the formula defence.
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One cell: numbers as they are, text defused and quoted when needed, null as empty. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  const text = FORMULA.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: (string | number | null | undefined)[]) =>
  `${cells.map(csvCell).join(",")}\r\n`;

export const CSV_HEADER = csvLine([...CSV_COLUMNS]);

const text = (v: unknown) => (typeof v === "string" ? v : null);

export function csvRow(o: DeskOrder): string {
  const a = (o.shippingAddress ?? {}) as Record<string, unknown>;
  return csvLine([
    o.id,
    o.createdAt,
    o.status,
    o.buyer.id,
    o.buyer.name,
    o.variant?.id,
    o.variant?.name,
    o.quantity,
    o.totalCents,
    o.currency,
    text(a.name),
    text(a.line1),
    text(a.line2),
    text(a.city),
    text(a.postalCode),
    text(a.country),
    o.carrier,
    o.trackingNumber,
    o.fulfilledAt,
  ]);
}
