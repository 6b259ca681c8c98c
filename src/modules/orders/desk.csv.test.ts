import { describe, expect, it } from "vitest";
import { csvCell } from "./desk.csv.js";

/**
 * One CSV cell as a spreadsheet will read it: a formula is defused, and anything a
 * spreadsheet could split on (comma, semicolon in many locales, tab, line breaks, quotes)
 * is quoted, so a buyer's name cannot start a cell of its own.
 */
describe("csvCell", () => {
  it("quotes a cell a spreadsheet could split on ; or a tab, so no piece becomes a formula cell", () => {
    expect(csvCell("x;=cmd|' /C calc'!A0;")).toBe(`"x;=cmd|' /C calc'!A0;"`);
    expect(csvCell("a\tb")).toBe(`"a\tb"`);
    expect(csvCell('say "hi", then go')).toBe(`"say ""hi"", then go"`);
  });

  it("defuses a leading formula character, leaves plain text and numbers alone", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("Berlin")).toBe("Berlin");
    expect(csvCell(4500)).toBe("4500");
    expect(csvCell(null)).toBe("");
  });
});
