import { describe, expect, it } from "vitest";
import { EMAIL_KINDS } from "./preferences.js";
import { renderMail } from "./templates.js";
import { createUnsubscribeTokens } from "./unsubscribe.js";

const links = {
  base: "https://shop.example",
  unsubscribeUrl: "https://shop.example/api/unsubscribe?token=a&b",
};

describe("mail templates", () => {
  it("render every kind with a subject, a text part and an HTML part carrying the unsubscribe link", () => {
    for (const kind of EMAIL_KINDS) {
      const m = renderMail(kind, { orderId: "o-1", dropId: "d-1", url: "https://shop.example/x" }, links);
      expect(m.subject.length, kind).toBeGreaterThan(0);
      expect(m.text, kind).toContain(links.unsubscribeUrl);
      expect(m.html, kind).toContain("https://shop.example/api/unsubscribe?token=a&amp;b");
    }
  });

  it("escape values in HTML: an event's field is never markup", () => {
    const m = renderMail(
      "order.confirmed",
      { orderId: '<img src=x onerror="alert(1)">', quantity: 1 },
      links,
    );
    expect(m.html).not.toContain("<img");
    expect(m.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});

describe("unsubscribe tokens", () => {
  const tokens = createUnsubscribeTokens("a-secret-of-at-least-thirty-two-chars!!");
  const user = "6f1c2b9e-0000-4000-8000-000000000001";

  it("verify what was signed, and nothing signed with another secret or changed", () => {
    const token = tokens.sign(user, "drop.started");
    expect(tokens.verify(token)).toEqual({ userId: user, kind: "drop.started" });
    const other = createUnsubscribeTokens("another-secret-of-thirty-two-chars!!!!");
    expect(tokens.verify(other.sign(user, "drop.started"))).toBeUndefined();
    expect(tokens.verify(token.replace("drop.started", "order.confirmed"))).toBeUndefined();
    expect(tokens.verify(`${token}x`)).toBeUndefined();
    expect(tokens.verify("")).toBeUndefined();
    expect(tokens.verify("a.b")).toBeUndefined();
  });
});
