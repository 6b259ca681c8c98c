import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUser, http, launch, openWindow, type Stack, shot, startStack } from "./browser.js";

/**
 * The account pages of the web app in Chromium: a forgotten password reset through the
 * link in the mail (read from the embedded mailer, as /dev/mail lists it), and the
 * notification settings, whose switches the API then reports.
 */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ PUBLIC_URL: "http://127.0.0.1", MAIL_POLL_MS: "100" });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The reset link in the newest mail to `email`, once the worker has sent it. */
async function resetLink(email: string): Promise<URL> {
  const box = stack.services.messages.mailBox;
  if (!box) throw new Error("the embedded mailer keeps no mailbox");
  for (let i = 0; i < 100; i++) {
    const mail = (await box.list(50)).find((m) => m.to.includes(email));
    const raw = mail ? await box.raw(mail.id) : undefined;
    // Quoted-printable may fold the link: unfold soft line breaks before looking for it.
    const link = raw
      ?.replace(/=\r?\n/g, "")
      .match(/\/reset-password\?token=3D([A-Za-z0-9_%.-]+)|\/reset-password\?token=([A-Za-z0-9_%.-]+)/);
    if (link) return new URL(`/reset-password?token=${link[1] ?? link[2]}`, stack.url);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reset mail to ${email}`);
}

describe("the account pages in a real browser", () => {
  it("resets a forgotten password from the mailed link, once; the new password signs in", async () => {
    const u = await apiUser(stack.url, "Forgetful Fan");
    const w = await openWindow(browser, { width: 1280 });
    const { page } = w;
    await page.goto(`${stack.url}/login`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill(u.email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page.getByRole("heading", { name: "Check your mail" }).waitFor();

    const link = await resetLink(u.email);
    await page.goto(link.toString());
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
    await page.getByLabel("New password again").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByRole("heading", { name: "Password changed" }).waitFor();
    await shot(page, "reset-password-done");

    const login = (password: string) =>
      http(stack.url, "POST", "/api/auth/login", { body: { email: u.email, password } });
    expect((await login("a brand new passphrase")).status).toBe(200);
    expect((await login("correct horse battery")).status).toBe(401);
    // The old session ended with the reset; the link is spent.
    expect(
      (await http(stack.url, "GET", `/api/users/${u.id}/notifications`, { token: u.token })).status,
    ).toBe(401);
    await page.goto(link.toString());
    await page.getByLabel("New password", { exact: true }).fill("yet another passphrase");
    await page.getByLabel("New password again").fill("yet another passphrase");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByRole("alert").waitFor();
    expect((await login("yet another passphrase")).status).toBe(401);
    // The spent link's refusal is logged by the browser as a failed request.
    w.expectNoErrors([/40[01]/]);
    await w.context.close();
  });

  it("turns drop-start emails on from the notification settings, and the API agrees", async () => {
    const u = await apiUser(stack.url, "Settings Fan");
    const w = await openWindow(browser, {
      width: 390,
      height: 844,
      session: { token: u.token, user: u.user },
    });
    const { page } = w;
    await page.goto(`${stack.url}/settings/notifications`);
    const dropStarts = page.getByLabel("A creator you follow starts a drop: email");
    const receipts = page.getByLabel("Order receipts: email");
    await dropStarts.waitFor();
    expect(await dropStarts.isChecked()).toBe(false);
    expect(await receipts.isChecked()).toBe(true);
    await dropStarts.check();
    await receipts.uncheck();
    await shot(page, "notification-settings-390");
    const prefs = async () =>
      (await http(stack.url, "GET", `/api/users/${u.id}/preferences`, { token: u.token })).data.email;
    for (let i = 0; i < 50 && (await prefs())["drop.started"] !== true; i++) await page.waitForTimeout(100);
    expect(await prefs()).toMatchObject({ "drop.started": true, "order.confirmed": false });
    w.expectNoErrors();
    await w.context.close();
  });
});
