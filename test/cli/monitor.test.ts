import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { ROOT } from "./run-cli";

const MAIN = path.join(ROOT, "lib", "cli", "main.ts");

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => http.get(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", reject));
}

describe("flycell monitor", () => {
  it("serves from the environment the Monitor construct sets, and stops on SIGTERM", async () => {
    const dir = path.join(ROOT, ".tmp", "cli-monitor");
    fs.mkdirSync(dir, { recursive: true });
    const cells = path.join(dir, "cells.json");
    fs.writeFileSync(cells, JSON.stringify({ version: 1, cells: {} }));
    const port = 20000 + (process.pid % 20000);
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), MAIN, "monitor"], {
      cwd: ROOT,
      env: {
        ...process.env,
        TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"),
        FLYCELL_MONITOR_CELLS_FILE: cells,
        FLYCELL_MONITOR_SECRET: "k",
        FLY_API_TOKEN: "t",
        FLY_API_BASE_URL: "http://127.0.0.1:9",
        PORT: String(port),
      },
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += String(d)));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    // ts-node compiles the whole CLI first: seconds on a busy machine.
    for (let i = 0; i < 500 && !stdout.includes("listening"); i++) await new Promise((r) => setTimeout(r, 100));
    // Said once, by the service: "watching 1 cells in 1 apps; listening on http://…".
    expect(stdout.match(/listening on http:\/\/\S+/g)).toEqual([expect.stringContaining(`:${port}`)]);
    expect(await get(`http://127.0.0.1:${port}/up`)).toBe(200);
    child.kill("SIGTERM");
    expect(await closed).toBe(0);
  }, 60_000);

  it("exits 2 when its environment is incomplete", async () => {
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), MAIN, "monitor"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"), FLYCELL_MONITOR_CELLS_FILE: "/nonexistent/cells.json" },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
    expect(await new Promise((resolve) => child.on("close", resolve))).toBe(2);
    expect(stderr).toContain("flycell monitor");
  }, 60_000);
});
