import { describe, expect, it } from "vitest";
import { assertPublicHost, BlockedAddressError, isPrivateAddress, urlProblem } from "./ssrf.js";

describe("server-side request forgery guard", () => {
  it("refuses private, loopback, link-local and metadata targets without DNS", () => {
    for (const url of [
      "https://127.0.0.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/x",
      "https://10.1.2.3/x",
      "https://localhost/x",
      "https://metadata.google.internal/x",
    ]) {
      expect(urlProblem(url, false), url).toBeDefined();
      expect(urlProblem(url, true), url).toBeUndefined();
    }
    expect(urlProblem("https://fcm.googleapis.com/fcm/send/abc", false)).toBeUndefined();
    // Public addresses pass (a single BlockList with an IPv4-mapped IPv6 rule refused them all).
    for (const a of ["8.8.8.8", "93.184.216.34", "2606:4700::1111"])
      expect(isPrivateAddress(a), a).toBe(false);
    for (const a of ["10.0.0.1", "::ffff:127.0.0.1", "fe80::1", "0.0.0.0"])
      expect(isPrivateAddress(a), a).toBe(true);
  });

  it("refuses a name that resolves to this host before a request that cannot check it itself", async () => {
    await expect(assertPublicHost("https://localhost/push", false)).rejects.toBeInstanceOf(
      BlockedAddressError,
    );
    await expect(assertPublicHost("https://127.0.0.1/push", false)).rejects.toBeInstanceOf(
      BlockedAddressError,
    );
    await expect(assertPublicHost("https://127.0.0.1/push", true)).resolves.toBeUndefined();
    await expect(assertPublicHost("https://93.184.216.34/push", false)).resolves.toBeUndefined();
  });
});
