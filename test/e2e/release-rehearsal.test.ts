/**
 * The README's release steps ("Tenant lifecycle"), rehearsed offline exactly as written, on a
 * copy of the repository's stacks/ and stack tests: add a tenant, `npm run deploy:local`, set it
 * decommissioned, deploy:local, set it released, deploy:local, then the commands deploy:local
 * prints. Synthesis and the stack tests must end green against the rehearsal's ledger, while
 * the committed ledger, which saw none of it, is left alone and named when it refuses.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describeWithTerraform } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
/** Outside the repository (see deploy.test.ts); the copy links lib/, emulator/ and node_modules/ back. */
const BASE = path.join(path.parse(__dirname).root, "tmp", "flycell-e2e");
fs.mkdirSync(BASE, { recursive: true });
const COPY = fs.mkdtempSync(path.join(BASE, "rehearsal-"));

const COPIED = ["stacks", "scripts/local-fleet.ts", "test/stacks", "test/setup.ts", "test/global-setup.js", "tsconfig.json", "jest.config.js", "package.json"];
const LINKED = ["lib", "emulator", "node_modules", "schema"];

/** Every file under the repository's stacks/ and test/stacks/, with its content: the rehearsal must change none. */
function repositoryFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files.set(rel, fs.readFileSync(path.join(ROOT, rel), "utf8"));
    }
  };
  walk("stacks");
  walk(path.join("test", "stacks"));
  return files;
}

describeWithTerraform("the README's release steps, rehearsed on the emulator in a copy", () => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: BASE, CHECKPOINT_DISABLE: "1", NO_UPDATE_NOTIFIER: "1" };
  const sh = (command: string) => {
    const r = spawnSync("bash", ["-euo", "pipefail", "-c", command], { cwd: COPY, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const tenantsFile = path.join(COPY, "stacks", "tenants.ts");
  /** Sets the hooli line, the one the steps add and then retire. */
  const setHooli = (line: string) => {
    const text = fs.readFileSync(tenantsFile, "utf8").replace(/^ {2}\{ id: "hooli".*\n/m, "");
    fs.writeFileSync(tenantsFile, text.replace(/\n\];/, `\n  ${line},\n];`));
  };
  const before = repositoryFiles();

  beforeAll(() => {
    for (const rel of COPIED) fs.cpSync(path.join(ROOT, rel), path.join(COPY, rel), { recursive: true });
    for (const rel of LINKED) fs.symlinkSync(path.join(ROOT, rel), path.join(COPY, rel));
  });
  afterAll(() => fs.rmSync(COPY, { recursive: true, force: true }));

  let followUps: string[] = [];

  test("add a tenant, deploy:local; decommissioned, deploy:local; released, deploy:local", () => {
    for (const line of ['{ id: "hooli", region: "sjc" }', '{ id: "hooli", region: "sjc", status: "decommissioned" }', '{ id: "hooli", region: "sjc", status: "released" }']) {
      setHooli(line);
      const deploy = sh("npm run --silent deploy:local");
      expect([line, deploy.code, deploy.code === 0 ? "" : deploy.stderr]).toEqual([line, 0, ""]);
      followUps = deploy.stdout.split("\n").filter((l) => l.startsWith("  FLYCELL_LEDGER_FILE=")).map((l) => l.trim());
    }
    expect(followUps).toEqual(["FLYCELL_LEDGER_FILE=.emulator/tenants.lock.json npm run synth", "FLYCELL_LEDGER_FILE=.emulator/tenants.lock.json npm test"]);
    const rehearsed = JSON.parse(fs.readFileSync(path.join(COPY, ".emulator", "tenants.lock.json"), "utf8")) as { tenants: Record<string, { status: string }> };
    expect(new Map(Object.entries(rehearsed.tenants)).get("hooli")?.status).toBe("released");
  }, 600_000);

  test("then the commands deploy:local printed: synth and the stack tests are green, the released line kept", () => {
    const [synth, test] = followUps;
    const synthesized = sh(synth);
    expect([synthesized.code, synthesized.stderr]).toEqual([0, expect.not.stringContaining("Invalid")]);
    expect(fs.readFileSync(tenantsFile, "utf8")).toContain('{ id: "hooli", region: "sjc", status: "released" }');
    // The README's step for a changed tenant list: review and accept the snapshot. Only snapshots may change here.
    const accepted = sh(test.replace("npm test", "npx jest -u"));
    expect([accepted.code, accepted.code === 0 ? "" : accepted.stderr]).toEqual([0, ""]);
    const tested = sh(test);
    expect([tested.code, tested.code === 0 ? "" : tested.stderr]).toEqual([0, ""]);
    expect(tested.stderr).toMatch(/Tests: +\d+ passed, \d+ total/);
  }, 300_000);

  test("the committed ledger saw none of it: synthesis against it refuses, naming that file", () => {
    const plain = sh("npm run --silent synth");
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('tenant "hooli"');
    expect(plain.stderr).toContain(JSON.stringify(path.join(COPY, "stacks", "tenants.lock.json")));
  }, 120_000);

  test("the repository itself is not modified", () => {
    expect(repositoryFiles()).toEqual(before);
  });
});
