/**
 * User strings reach Fly exactly as written: through the real Terraform CLI on the emulator,
 * `${…}` and `%{…}` in env, metadata, images and secret versions are never evaluated, neither
 * in the resources nor in the outputs (`terraform output -json`).
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { CellFleet, FleetInput, FlycellValidationError, planFleet } from "../../lib";
import { validationProblems } from "../helpers";
import { changedResources, describeWithTerraform, Workspace, workspaceStack } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");

const TENANT_ENV = {
  X: '${file("/etc/hostname")}',
  CWD: "${path.cwd}",
  LOOP: '%{ for x in ["a","b"] }${x}%{ endfor }',
  DOLLARS: "$${already} $$ $",
  NL: "line1\nline2",
  QUOTE: 'say "hi" \\ back',
};

const INPUT: FleetInput = {
  appName: "e2e-literal",
  // Read on the deploy host if evaluated: it would land in the state's outputs.
  image: 'registry.fly.io/app:${file("/etc/hostname")}',
  env: { FLEET: "${path.module}" },
  metadata: { team: '${upper("x")}' },
  secrets: { API_KEY: { version: "${timestamp()}" } },
  waves: { canary: { image: "registry.fly.io/app:${path.cwd}", env: { WAVE: "at ${path.module}/%{ if true }y%{ endif }" } } },
  tenants: [
    {
      id: "acme",
      region: "ams",
      image: "registry.fly.io/acme:${path.cwd}",
      env: TENANT_ENV,
      metadata: { gate: "%{ if true }y%{ endif }" },
    },
    { id: "beta", region: "fra", wave: "canary" },
    // Ids that are also names on every JavaScript object.
    { id: "constructor", region: "ams", image: "registry.fly.io/app:%{if(true)}yes%{endif}" },
    { id: "tostring", region: "ams" },
  ],
};

/** Each tenant's image in the `cells` output, as the input says it. */
const IMAGES: Record<string, string> = {
  acme: "registry.fly.io/acme:${path.cwd}",
  beta: "registry.fly.io/app:${path.cwd}",
  constructor: "registry.fly.io/app:%{if(true)}yes%{endif}",
  tostring: 'registry.fly.io/app:${file("/etc/hostname")}',
};

interface StateResource {
  readonly type: string;
  readonly values: Record<string, unknown>;
}

describeWithTerraform("user strings on the emulated Fly provider", () => {
  let ws: Workspace;
  let resources: StateResource[];

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "literal-strings"), { TF_VAR_secret_API_KEY: "not-read-here" });
    ws.configure((app: App) => {
      const stack = workspaceStack(app);
      new CellFleet(stack, "fleet", INPUT);
      return stack;
    });
    ws.init();
    ws.apply();
    const state = JSON.parse(ws.run("show", "-json").stdout) as { values: { root_module: { resources: StateResource[] } } };
    resources = state.values.root_module.resources;
  });

  const machine = (name: string) => resources.find((r) => r.type === "fly_machine" && r.values.name === name)?.values;

  test("a tenant's env, metadata and image are stored as written", () => {
    const acme = machine("acme");
    expect(acme?.image).toBe("registry.fly.io/acme:${path.cwd}");
    expect(acme?.env).toEqual({
      ...TENANT_ENV,
      FLEET: "${path.module}",
      FLYCELL_TENANT_ID: "acme",
      FLYCELL_DATA_DIR: "/data",
    });
    expect(acme?.metadata).toEqual({
      team: '${upper("x")}',
      gate: "%{ if true }y%{ endif }",
      flycell_tenant: "acme",
      flycell_cell: "e2e-literal-acme",
    });
  });

  test("a wave's image and env, and the fleet's env, are stored as written", () => {
    const beta = machine("beta");
    expect(beta?.image).toBe("registry.fly.io/app:${path.cwd}");
    expect(beta?.env).toEqual({
      FLEET: "${path.module}",
      WAVE: "at ${path.module}/%{ if true }y%{ endif }",
      FLYCELL_TENANT_ID: "beta",
      FLYCELL_DATA_DIR: "/data",
    });
  });

  test("a secret's version is stored as written", () => {
    const secret = resources.find((r) => r.type === "fly_secret")?.values;
    expect(secret?.value_wo_version).toBe("${timestamp()}");
  });

  test("the outputs hold every image and id as written, read back with `terraform output -json`", () => {
    const outputs = JSON.parse(ws.run("output", "-json").stdout) as Record<string, { value: unknown }>;
    const cells = outputs.cells.value as Record<string, { image: string; app: string; region: string; status: string }>;
    expect(Object.keys(cells).sort()).toEqual(Object.keys(IMAGES).sort());
    for (const [id, image] of Object.entries(IMAGES)) {
      expect(Object.hasOwn(cells, id)).toBe(true);
      expect([id, cells[id].image]).toEqual([id, image]);
      expect(cells[id]).toMatchObject({ app: "e2e-literal", status: "active" });
    }
    const table = new Map(Object.entries((outputs.routing_table.value as { tenants: Record<string, { path: string }> }).tenants));
    expect([...table.keys()].sort()).toEqual(Object.keys(IMAGES).sort());
    expect(table.get("constructor")?.path).toBe("/constructor");
    // No template result anywhere in the outputs: not the deploy host's file, not its directory.
    const text = JSON.stringify(outputs);
    expect(text).not.toContain('"registry.fly.io/app:yes"');
    if (fs.existsSync("/etc/hostname")) expect(text).not.toContain(`app:${fs.readFileSync("/etc/hostname", "utf8")}`);
    expect(text).not.toContain(ROOT);
  });

  test("the next plan is empty", () => {
    expect(changedResources(ws.plan())).toEqual({});
  });

  test("a metadata key that is a template is refused by validation", () => {
    const key = 'k-${upper("x")}';
    const input = { ...INPUT, tenants: [{ id: "acme", region: "ams", metadata: { [key]: "v" } }] };
    expect(() => planFleet(input)).toThrow(FlycellValidationError);
    expect(validationProblems(() => planFleet(input))).toEqual([
      // A key that is not a plain name is quoted in the field.
      expect.objectContaining({ subject: 'tenant "acme"', field: `metadata[${JSON.stringify(key)}]` }),
    ]);
  });
});
