/**
 * The app-per-cell topology with fleet and tenant secrets, through the real Terraform CLI on the
 * emulator: write-only secret values reach the provider and nowhere else; a rotation restarts
 * exactly the machines that use the secret.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { CellFleet, summarizePlan, TenantSpec } from "../../lib";
import { makeTenants } from "../helpers";
import { changedOutputs, changedResources, countChanges, describeWithTerraform, Workspace, workspaceStack } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const FLEET_SECRET = "fleet-secret-value-7f3a";
const TENANT_SECRET = "tenant-secret-value-91c2";

function fleet(tenants: readonly TenantSpec[], dbPasswordVersion = "1") {
  return (app: App) => {
    const stack = workspaceStack(app);
    new CellFleet(stack, "fleet", {
      appName: "e2e-cells",
      image: "registry.fly.io/e2e:1",
      topology: "app-per-cell",
      secrets: { API_KEY: { version: "1" } },
      tenants: tenants.map((t) => (t.id === "t1" ? { ...t, secrets: { DB_PASSWORD: { version: dbPasswordVersion } } } : t)),
    });
    return stack;
  };
}

describeWithTerraform("an app-per-cell fleet with secrets on the emulated Fly provider", () => {
  const tenants = makeTenants(4);
  let ws: Workspace;

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "app-per-cell"), {
      TF_VAR_secret_API_KEY: FLEET_SECRET,
      TF_VAR_secret_t1_DB_PASSWORD: TENANT_SECRET,
    });
    ws.configure(fleet(tenants));
    ws.init();
  });

  test("the first apply creates every cell app; no secret value lands in the plan, the state or the account", () => {
    ws.run("validate");
    const plan = ws.plan();
    expect(countChanges(plan)).toMatchObject({ update: 0, replace: 0, delete: 0 });
    expect([...summarizePlan(plan).keys()].sort()).toEqual(tenants.map((t) => t.id).sort());
    ws.run("apply", "-input=false", "plan.bin");

    const written = ["plan.json", "terraform.tfstate", path.join("..", "..", "..", "emulator", "data", "fly.json")];
    for (const file of written) {
      const text = fs.readFileSync(path.join(ws.dir, file), "utf8");
      expect([file, text.includes(FLEET_SECRET) || text.includes(TENANT_SECRET)]).toEqual([file, false]);
    }
    expect(changedResources(ws.plan())).toEqual({});
  });

  test("rotating a tenant's secret updates that secret and restarts that tenant's machine only", () => {
    ws.configure(fleet(tenants, "2"));
    const plan = ws.plan();
    expect(Object.fromEntries([...summarizePlan(plan)].map(([owner, row]) => [owner, row.update.sort()]))).toEqual({
      t1: ["machine", "secret-DB_PASSWORD"],
    });
    expect(countChanges(plan)).toMatchObject({ create: 0, replace: 0, delete: 0 });
    ws.run("apply", "-input=false", "plan.bin");
    const after = ws.plan();
    expect(changedResources(after)).toEqual({});
    expect(changedOutputs(after)).toEqual([]);
  });

  test("adding a tenant creates only its own app and cell", () => {
    ws.configure(fleet([...tenants, { id: "newco", region: "fra" }], "2"));
    const plan = ws.plan();
    expect([...summarizePlan(plan).keys()]).toEqual(["newco"]);
    expect(countChanges(plan)).toMatchObject({ update: 0, replace: 0, delete: 0 });
  });
});
