import { TerraformStack, Testing } from "cdktf";
import { Cell, planFleet } from "../../lib";
import { App as FlyApp } from "../../lib/gen/providers/fly/app";
import { parseSynth, resourcesByName } from "../helpers";

const tenants = [{ id: "acme", region: "ams", hostnames: ["acme.example.com"] }];

describe("Cell on its own", () => {
  it("builds a cell into an app the caller owns", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const app = new FlyApp(stack, "shared", { name: "my-app" });
    const [spec] = planFleet({ appName: "my-app", image: "img:1", tenants: tenants }).cells;
    new Cell(stack, "acme", { spec, app });
    const json = parseSynth(Testing.synth(stack));
    expect(Object.keys(resourcesByName(json, "fly_app"))).toEqual(["shared"]);
    expect(resourcesByName(json, "fly_volume").acme_volume).toMatchObject({ app: expect.stringContaining("fly_app.shared.name") });
    expect(resourcesByName(json, "fly_cert")["acme_cert-acmeexamplecom"]).toMatchObject({ hostname: "acme.example.com" });
  });

  it("creates its own app and addresses when the spec says so", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const [spec] = planFleet({ appName: "fleet", image: "img:1", topology: "app-per-cell", tenants: tenants }).cells;
    const cell = new Cell(stack, "acme", { spec });
    expect(cell.addresses).toHaveLength(2);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(FlyApp, { name: "fleet-acme" });
  });

  it("refuses a missing or a superfluous app, naming the tenant and the field", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const [shared] = planFleet({ appName: "fleet", image: "img:1", tenants: tenants }).cells;
    const [own] = planFleet({ appName: "fleet", image: "img:1", topology: "app-per-cell", tenants: tenants }).cells;
    expect(() => new Cell(stack, "a", { spec: shared })).toThrow('Cell "acme": field "app" is required');
    const app = new FlyApp(stack, "shared", { name: "fleet" });
    expect(() => new Cell(stack, "b", { spec: own, app })).toThrow('Cell "acme": field "app" must be left out');
    expect(stack.node.tryFindChild("a")).toBeUndefined();
    expect(stack.node.tryFindChild("b")).toBeUndefined();
  });

  it("refuses secrets without their values, and a released tenant, before creating anything", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const ledger = { version: 1, tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "decommissioned" } } } as const;
    const plan = (extra: object) =>
      planFleet({ appName: "fleet", image: "img:1", topology: "app-per-cell", tenants: [{ ...tenants[0], ...extra }] }, { ledger }).cells[0];
    const withSecret = plan({ secrets: { DB_KEY: { version: "1" } } });
    expect(() => new Cell(stack, "a", { spec: withSecret })).toThrow('Cell "acme": field "secretValues" is required');
    expect(() => new Cell(stack, "b", { spec: plan({ status: "released" }) })).toThrow("a released tenant has no cell");
    expect(stack.node.children).toHaveLength(0);
  });
});
