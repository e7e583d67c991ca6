/** `npm run machines-api:local` and `npm run emulator:control`: the local account's Machines API and drills. */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SeededAccount } from "./account-seed";
import { call } from "./machines-api-client";

const ROOT = path.join(__dirname, "..", "..");
const VOL = "vol_aaaaaaaaaaaaaaaa";

describe("local-fleet.ts machines-api and control", () => {
  // Its own home in the OS temp dir: jest's setup empties .tmp/e2e on every run.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-local-api-"));
  new SeededAccount(path.join(home, "data", "fly.json")).volume("acme", { id: VOL, name: "data_acme" });
  const args = (...rest: string[]) => [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/local-fleet.ts", ...rest];
  const env = { ...process.env, FLYCELL_EMULATOR_HOME: home };
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  test("control changes the home's account; help lists the commands; a refusal exits 1", () => {
    const run = (...rest: string[]) => spawnSync(process.execPath, args("control", ...rest), { cwd: ROOT, env, encoding: "utf8" });
    const written = run("content", "write", VOL, "acme-rows-1");
    expect([written.status, JSON.parse(written.stdout)]).toEqual([0, { volume: VOL, content: "acme-rows-1", bytes: 11 }]);
    expect(run("help").stdout).toMatch(/^usage: npm run emulator:control -- <command>\n {2}content write/);
    const refused = run("content", "read", "vol_nosuchvolume0000");
    expect([refused.status, refused.stderr]).toEqual([1, "refused: volume vol_nosuchvolume0000 not found\n"]);
    expect(run().status).toBe(2);
  }, 60_000);

  test("machines-api serves the home's account until SIGTERM, saying how to point flycell at it", async () => {
    const child = spawn(process.execPath, args("machines-api", "--port", "0"), { cwd: ROOT, env });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (d: Buffer) => {
          text += String(d);
          if (text.includes("Ctrl-C")) resolve(text);
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      const [, url] = out.split("\n");
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out).toContain(`FLY_API_BASE_URL=${url} FLY_API_TOKEN=emulator`);
      const content = await call(url, "emulator", "GET", `/__emulator/volumes/${VOL}/content`);
      expect(content.body).toMatchObject({ content: "acme-rows-1" });
      expect((await call(url, "emulator", "GET", "/v1/apps/acme/volumes")).body).toEqual([expect.objectContaining({ id: VOL, name: "data_acme" })]);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(0);
  }, 60_000);
});
