import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as passwords from "../src/shared/passwords.js";
import { call, registerUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

// Every scrypt verification the server runs, counted: the unknown-email path must run one too.
vi.mock("../src/shared/passwords.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/shared/passwords.js")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

/**
 * A login costs one password verification whether the email has an account or not, so the
 * answer's timing does not tell an attacker which emails are registered.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const verify = vi.mocked(passwords.verifyPassword);
const login = (email: string) =>
  call(t.app, "POST", "/api/auth/login", { body: { email, password: "not the password" } });

describe("login timing", () => {
  it("verifies a password for an unknown email as it does for a known one", async () => {
    const known = await registerUser(t.app);
    verify.mockClear();
    expect((await login(known.email)).status).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
    const knownHash = verify.mock.calls[0]?.[1];

    verify.mockClear();
    expect((await login(`nobody-${Date.now()}@example.com`)).status).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
    // Against a real scrypt hash at the configured cost, not a string that fails fast.
    const dummy = verify.mock.calls[0]?.[1] as string;
    expect(dummy.split("$").slice(0, 4)).toEqual(knownHash?.split("$").slice(0, 4));
    expect(await verify.mock.results[0]?.value).toBe(false);
  });
});
