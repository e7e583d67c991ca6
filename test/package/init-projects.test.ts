/**
 * What RELEASING.md and the README promise a new user: from the packed tarball, `npx --package
 * <tarball> flycell init` writes a project (cdktf 0.21, and cdktn 0.24 with an S3 backend), `npm
 * install` installs it with the tarball, and the project's own `npm run synth`, `npm test` and
 * offline `npx flycell local plan|deploy` work, never reaching Fly or the team's state.
 */
import * as fs from "fs";
import * as path from "path";
import { Consumer, consumerDir, consumerIn, npm, NPM_INSTALL, packFlycell, removeConsumers, run, synthesized } from "./helper";

jest.setTimeout(1_200_000);

let tarball: string;

beforeAll(async () => {
  tarball = await packFlycell();
});

afterAll(() => removeConsumers());

// The team's settings a rehearsal must not use: a real-looking token, an S3 endpoint where nothing listens.
const TEAM_ENV = { FLY_API_TOKEN: "fo1_the-teams-real-token", AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9", TF_CLI_CONFIG_FILE: "/nonexistent/terraform.rc" };

describe.each([
  { cdk: "cdktf", version: "0.21.0", backend: "local" },
  { cdk: "cdktn", version: "0.24.0", backend: "s3" },
])("a fresh `flycell init --cdk $cdk --backend $backend` project with flycell from the tarball", ({ cdk, version, backend }) => {
  let project: Consumer;
  let tenantIds: string[];
  const other = cdk === "cdktf" ? "cdktn" : "cdktf";

  beforeAll(() => {
    const dir = consumerDir(`init-${cdk}`);
    // As the README says: npx runs flycell from the tarball, and the project depends on that tarball.
    run("npx", ["--yes", "--package", tarball, "flycell", "init", dir, "--cdk", cdk, "--backend", backend, "--flycell", `file:${tarball}`], {
      cwd: path.dirname(dir),
      env: { npm_config_prefer_offline: "true" },
    });
    npm(NPM_INSTALL, dir);
    project = consumerIn(dir);
    tenantIds = [...project.read("stacks/tenants.ts").matchAll(/id: "([a-z0-9-]+)"/g)].map((m) => m[1]).sort();
  });

  it(`installs the tarball's flycell with ${cdk} ${version} and no ${other}`, () => {
    const packed = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    expect(project.installed("flycell")).toBe(packed.version);
    expect(project.installed(cdk)).toBe(version);
    expect(project.installed(other)).toBeUndefined();
  });

  it("npm run synth writes a machine for every tenant line of stacks/tenants.ts, with the chosen backend", () => {
    project.run("npm", ["run", "synth"]);
    const json = synthesized(project);
    expect(tenantIds.length).toBeGreaterThan(0);
    expect(Object.values(json.resource?.fly_machine ?? {}).map((m) => m.name).sort()).toEqual(tenantIds);
    expect(Object.keys((json.terraform as { backend: Record<string, unknown> }).backend)).toEqual([backend]);
  });

  it("npm test passes (it records the snapshot)", () => {
    project.run("npm", ["test", "--", "--ci=false"]);
  });

  it("npx flycell local plan plans every example tenant's resources on the shipped emulator, offline", () => {
    const r = project.run("npx", ["flycell", "local", "plan"], { env: TEAM_ENV });
    expect(r.stdout).toMatch(/^EMULATOR: /);
    for (const id of tenantIds) expect(r.stdout).toMatch(new RegExp(`^\\| ${id} \\| [1-9]`, "m"));
    expect(r.stdout).toContain("flycell local plan: every stack planned on the emulator and passed the guard");
    const planFile = path.join(".flycell", "local", "cdktf.out", "stacks", "fleet", "plan.json");
    const plan = JSON.parse(project.read(planFile)) as { resource_changes: { type: string; change: { actions: string[]; after: { name?: string } } }[] };
    const machines = plan.resource_changes.filter((c) => c.type === "fly_machine");
    expect(machines.map((c) => c.change.after.name).sort()).toEqual(tenantIds);
    expect(machines.every((c) => c.change.actions.join() === "create")).toBe(true);
    // The project's own guard and summary read that plan as they read a real one.
    expect(project.bin("flycell", ["guard", planFile]).status).toBe(0);
    expect(project.bin("flycell", ["summary", planFile]).stdout).toContain("| tenant | create | update | replace | destroy |");
  });

  it("npx flycell local deploy applies on the emulator into .flycell/local; the project's ledger and state stay as they were", () => {
    const ledger = project.read("stacks/tenants.lock.json");
    project.run("npx", ["flycell", "local", "deploy"], { env: TEAM_ENV });
    const rehearsed = JSON.parse(project.read(".flycell/local/tenants.lock.json")) as { tenants: Record<string, unknown> };
    expect(Object.keys(rehearsed.tenants).sort()).toEqual(tenantIds);
    expect(project.read("stacks/tenants.lock.json")).toBe(ledger);
    expect(fs.readdirSync(project.dir).filter((f) => f.endsWith(".tfstate"))).toEqual([]);
    expect(project.run("npx", ["flycell", "local", "plan"], { env: TEAM_ENV }).stdout).toContain("No changes.");
  });
});
