import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { fly, ShardedFleet, ShardedFleetProps, shardOf, TenantSpec } from "../../lib";
import { BASE_PROPS, makeTenants, parseSynth, synthFleet, SynthJson, validationProblems } from "../helpers";

const configureStack = (stack: TerraformStack) => new fly.provider.FlyProvider(stack, "fly", { orgSlug: "test-org" });

/** Synthesizes a sharded fleet; returns each stack's JSON text by stack name. */
function synthSharded(props: Partial<ShardedFleetProps> & Pick<ShardedFleetProps, "tenants" | "sharding">): Map<string, string> {
  const app = Testing.app();
  new ShardedFleet(app, "fleet", { ...BASE_PROPS, configureStack, ...props });
  app.synth();
  const dir = path.join(app.outdir, "stacks");
  return new Map(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name, "cdk.tf.json"), "utf8")]));
}

describe("shard assignment", () => {
  const tenants = makeTenants(500);

  it("hashes ids into a fixed number of shards, so adding tenants never moves another", () => {
    const strategy = { by: "hash", count: 16 } as const;
    const before = tenants.map((t) => shardOf(t, strategy));
    expect(new Set(before).size).toBe(16);
    const grown = [...makeTenants(300, "new"), ...tenants];
    expect(grown.slice(300).map((t) => shardOf(t, strategy))).toEqual(before);
    expect(shardOf({ id: "acme", region: "ams" }, strategy)).toMatch(/^shard-\d\d$/);
  });

  it("splits by region or by an explicit field", () => {
    expect(shardOf({ id: "acme", region: "ams" }, { by: "region" })).toBe("region-ams");
    expect(shardOf({ id: "acme", region: "ams", shard: "eu-1" }, { by: "field" })).toBe("shard-eu-1");
  });

  it("makes each rollout wave a stack, so a wave deploys on its own", () => {
    const out = synthSharded({
      tenants: [
        { id: "c1", region: "ams", wave: "canary" },
        { id: "m1", region: "ord" },
        { id: "m2", region: "syd" },
      ],
      sharding: { by: "wave" },
      waves: { canary: { image: "registry.fly.io/acme:2" } },
    });
    expect([...out.keys()]).toEqual(["fleet-shared", "fleet-wave-canary", "fleet-wave-none"]);
    const images = (stack: string) =>
      Object.values((JSON.parse(out.get(stack) ?? "{}") as SynthJson).resource?.fly_machine ?? {}).map((m) => m.image);
    expect(images("fleet-wave-canary")).toEqual(["registry.fly.io/acme:2"]);
    expect(images("fleet-wave-none")).toEqual([BASE_PROPS.image, BASE_PROPS.image]);
  });
});

describe("ShardedFleet", () => {
  const tenants: TenantSpec[] = makeTenants(40);
  const stacks = synthSharded({ tenants, sharding: { by: "region" } });

  it("makes its stacks at the top of the App, where cdktf deploy finds every stack another depends on", () => {
    const app = Testing.app();
    new ShardedFleet(app, "fleet", { ...BASE_PROPS, configureStack, tenants, sharding: { by: "hash", count: 2 }, routing: { router: { regions: ["ams"] } } });
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(manifest.stacks["fleet-shard-0"].dependencies).toEqual(["fleet-shared"]);
    expect(manifest.stacks["fleet-router"].dependencies.sort()).toEqual(["fleet-shard-0", "fleet-shard-1"]);
    for (const { dependencies } of Object.values(manifest.stacks)) {
      for (const dependency of dependencies) expect(Object.keys(manifest.stacks)).toContain(dependency);
    }
    const stack = new TerraformStack(Testing.app(), "outer");
    expect(() => new ShardedFleet(stack, "fleet", { ...BASE_PROPS, configureStack, tenants, sharding: { by: "region" } })).toThrow(
      'ShardedFleet "fleet": scope must be the cdktf App',
    );
  });

  it("puts the app in a shared stack and each region's cells in their own stack", () => {
    expect([...stacks.keys()]).toEqual([
      "fleet-region-ams",
      "fleet-region-fra",
      "fleet-region-iad",
      "fleet-region-nrt",
      "fleet-region-ord",
      "fleet-region-syd",
      "fleet-shared",
    ]);
    const shared = JSON.parse(stacks.get("fleet-shared") ?? "{}") as SynthJson;
    expect(Object.keys(shared.resource?.fly_app ?? {})).toHaveLength(1);
    const ams = JSON.parse(stacks.get("fleet-region-ams") ?? "{}") as SynthJson;
    const machines = Object.values(ams.resource?.fly_machine ?? {});
    expect(machines.map((m) => m.region)).toEqual(machines.map(() => "ams"));
    expect(machines).toHaveLength(7);
    // The app is referenced across stacks, through the shared stack's state.
    expect(String(machines[0].app)).toContain("data.terraform_remote_state.");
  });

  it("changes one shard's stack when a tenant is added, and no other", () => {
    const after = synthSharded({ tenants: [...tenants, { id: "newcomer", region: "syd" }], sharding: { by: "region" } });
    const changed = [...after.keys()].filter((name) => after.get(name) !== stacks.get(name));
    expect(changed).toEqual(["fleet-region-syd"]);
  });

  it("lists a released tenant's volume in its shard's released_volumes output, for the plan guard", () => {
    const released = synthSharded({
      tenants: [...tenants, { id: "oldco", region: "fra", status: "released" }],
      sharding: { by: "region" },
      ledger: { version: 1, tenants: { oldco: { region: "fra", volumeSizeGb: 1, status: "decommissioned" } } },
    });
    const fra = JSON.parse(released.get("fleet-region-fra") ?? "{}") as SynthJson;
    const output = Object.entries(fra.output ?? {}).find(([name]) => name.includes("released_volumes"))?.[1];
    expect(output?.value).toEqual(["data_oldco"]);
    expect(JSON.stringify(fra.resource)).not.toContain("oldco");
  });

  it("keeps fleet secrets with the shared app; shard machines follow their version across stacks", () => {
    const out = synthSharded({ tenants: tenants.slice(0, 6), sharding: { by: "region" }, secrets: { API_KEY: { version: "1" } } });
    const shared = JSON.parse(out.get("fleet-shared") ?? "{}") as SynthJson;
    expect(Object.keys(shared.variable ?? {})).toEqual(["secret_API_KEY"]);
    expect(Object.values(shared.resource?.fly_secret ?? {})).toHaveLength(1);
    const ams = JSON.parse(out.get("fleet-region-ams") ?? "{}") as SynthJson;
    const [machine] = Object.values(ams.resource?.fly_machine ?? {});
    expect(String(machine.min_secrets_version)).toContain("data.terraform_remote_state.");
  });

  it("with an app per cell, has no shared stack and declares each secret variable once per shard", () => {
    const list: TenantSpec[] = [
      { id: "a1", region: "ams", secrets: { DB_KEY: { version: "1" } } },
      { id: "a2", region: "ams" },
      { id: "o1", region: "ord" },
    ];
    const out = synthSharded({ tenants: list, sharding: { by: "region" }, topology: "app-per-cell", secrets: { API_KEY: { version: "1" } } });
    expect([...out.keys()]).toEqual(["fleet-region-ams", "fleet-region-ord"]);
    const ams = JSON.parse(out.get("fleet-region-ams") ?? "{}") as SynthJson;
    expect(Object.keys(ams.variable ?? {}).sort()).toEqual(["secret_API_KEY", "secret_a1_DB_KEY"]);
    expect(Object.values(ams.resource?.fly_secret ?? {}).map((x) => x.name).sort()).toEqual(["API_KEY", "API_KEY", "DB_KEY"]);
    expect(Object.values(ams.resource?.fly_app ?? {}).map((x) => x.name).sort()).toEqual(["acme-fleet-a1", "acme-fleet-a2"]);
  });

  it("refuses tenants without a shard when sharding by field, with the router's own problems", () => {
    const problems = validationProblems(() =>
      synthSharded({ tenants: [{ id: "acme", region: "ams" }], sharding: { by: "field" }, routing: { router: { regions: ["mars"] } } }),
    );
    expect(problems.map((p) => `${p.subject} ${p.field}`)).toEqual(["fleet routing.router.regions[0]", 'tenant "acme" shard']);
  });
});

describe("ShardedFleet with a router", () => {
  const tenants: TenantSpec[] = makeTenants(30);
  const props = { sharding: { by: "hash", count: 3 }, routing: { router: { regions: ["ams"] } } } as const;
  const stacks = synthSharded({ tenants, ...props });
  const routerStack = JSON.parse(stacks.get("fleet-router") ?? "{}") as SynthJson;

  it("names its outputs as documented, in every stack, as a single-stack fleet does", () => {
    // Besides cdktf's own `cross-stack-output-…` ones, which the router stack reads.
    const outputs = (name: string) =>
      Object.keys((JSON.parse(stacks.get(name) ?? "{}") as SynthJson).output ?? {})
        .filter((id) => !id.startsWith("cross-stack-output-"))
        .sort();
    expect(outputs("fleet-router")).toEqual(["routing_table"]);
    for (const shard of ["fleet-shard-0", "fleet-shard-1", "fleet-shard-2"]) expect(outputs(shard)).toEqual(["cells", "released_volume_addresses", "released_volumes"]);
    const single = parseSynth(synthFleet({ tenants, routing: props.routing }));
    expect(Object.keys(single.output ?? {}).sort()).toEqual(["cells", "released_volume_addresses", "released_volumes", "routing_table"]);
  });

  it("puts the router in a third stack that reads every shard's machine ids", () => {
    expect([...stacks.keys()]).toEqual(["fleet-router", "fleet-shard-0", "fleet-shard-1", "fleet-shard-2", "fleet-shared"]);
    const remote = Object.values((routerStack.data as Record<string, Record<string, { config: { path: string } }>>).terraform_remote_state);
    expect(remote.map((r) => path.basename(r.config.path)).sort()).toEqual([
      "terraform.fleet-shard-0.tfstate",
      "terraform.fleet-shard-1.tfstate",
      "terraform.fleet-shard-2.tfstate",
    ]);
    // Certificates for tenant hostnames are the router's; the shards hold none.
    const hostnames = tenants.flatMap((t) => t.hostnames ?? []);
    expect(Object.values(routerStack.resource?.fly_cert ?? {}).map((c) => c.hostname).sort()).toEqual([...hostnames].sort());
    for (const shard of ["fleet-shard-0", "fleet-shard-1", "fleet-shard-2"]) {
      expect((JSON.parse(stacks.get(shard) ?? "{}") as SynthJson).resource?.fly_cert).toBeUndefined();
    }
    expect(Object.keys(routerStack.output ?? {}).some((name) => name.includes("routing_table"))).toBe(true);
  });

  it("changes the new tenant's shard and the router when a tenant is added, nothing else", () => {
    const newcomer = { id: "newcomer", region: "syd" };
    const after = synthSharded({ tenants: [...tenants, newcomer], ...props });
    const changed = [...after.keys()].filter((name) => after.get(name) !== stacks.get(name));
    expect(changed).toEqual(["fleet-router", `fleet-${shardOf(newcomer, props.sharding)}`]);
  });
});

describe("ShardedFleet with shared cells", () => {
  it("keeps a shared cell and all its tenants' entries in one shard, sharded by the cell", () => {
    const tenants: TenantSpec[] = [
      ...makeTenants(12),
      ...["p1", "p2", "p3", "p4"].map((id) => ({ id, region: "ams", cell: "ams-1" })),
    ];
    const stacks = synthSharded({ tenants, sharding: { by: "hash", count: 3 }, sharedCells: { "ams-1": { region: "ams", capacity: 10 } } });
    const holding = [...stacks].filter(([, text]) => text.includes("fleet_cell-ams-1") || text.includes('"cell-ams-1_machine'));
    expect(holding).toHaveLength(1);
    const json = JSON.parse(holding[0][1]) as SynthJson;
    const cells = json.output?.cells.value ?? {};
    for (const id of ["p1", "p2", "p3", "p4"]) expect(cells[id]).toMatchObject({ cell: "ams-1" });
    expect(Object.keys(json.output?.shared_cells.value ?? {})).toEqual(["ams-1"]);
  });
});

