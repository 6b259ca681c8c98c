import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnNode } from "./cluster.js";
import { http } from "./factories.js";

// `npm start` runs `livedrop all` on the embedded default; this drives that command as a
// real process, with its data in a fresh folder.
const dir = mkdtempSync(join(tmpdir(), "livedrop-cli-"));
const embedded = {
  DATABASE_URL: "",
  REDIS_URL: "",
  NATS_URL: "",
  DATA_DIR: join(dir, "pglite"),
  SEED_DEMO: "true",
  PASSWORD_COST: "10",
  LOG_LEVEL: "warn",
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("livedrop all on the embedded default", () => {
  it("seeds once, stops cleanly on SIGTERM and keeps the data across a restart", async () => {
    const first = await spawnNode(embedded, "all");
    const creators = async (url: string) =>
      (await http(url, "GET", "/api/creators?limit=100")).body.data.items.map(
        (c: { handle: string }) => c.handle,
      );
    const before = await creators(first.url);
    expect(before.sort()).toEqual(["kaiprints", "lenabeats", "nova"]);
    const login = await http(first.url, "POST", "/api/auth/login", {
      body: { email: "fan1@livedrop.dev", password: "livedrop-demo" },
    });
    expect(login.status).toBe(200);
    await http(first.url, "POST", "/api/auth/register", {
      body: { name: "Kept", email: "kept@example.com", password: "long enough pw" },
    });
    const exit = await first.stop();
    expect(exit).toBe(0);

    const second = await spawnNode(embedded, "all");
    try {
      expect((await creators(second.url)).sort()).toEqual(["kaiprints", "lenabeats", "nova"]);
      const kept = await http(second.url, "POST", "/api/auth/login", {
        body: { email: "kept@example.com", password: "long enough pw" },
      });
      expect(kept.status).toBe(200);
    } finally {
      await second.stop();
    }
    // Two full starts of an embedded `all` (migrations, seed, build): minutes on a busy CI machine.
  }, 240_000);

  it("refuses a bad configuration with a message naming the variable", () => {
    const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "migrate"], {
      env: { ...process.env, PORT: "not-a-port" },
      encoding: "utf8",
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT must be an integer between 0 and 65535, got "not-a-port"');
  });
});
