import * as fs from "fs";
import * as path from "path";
import { Cell, FlycellValidationError, secretVariableName, TenantSpec } from "../../lib";
import { parseSynth, resourcesByName, synthFleet, SynthJson, validationProblems } from "../helpers";

const SENTINEL = "sentinel-secret-value-7f3a";
const tenants: TenantSpec[] = [
  { id: "acme", region: "ams", secrets: { DB_KEY: { version: "1" } } },
  { id: "globex", region: "ord" },
];

/** Secret-name → machine names whose min_secrets_version references that secret. */
function machinesUsing(json: SynthJson, secretName: string): string[] {
  const secretIds = Object.entries(json.resource?.fly_secret ?? {})
    .filter(([id]) => id.includes(secretName))
    .map(([id]) => id);
  return Object.entries(resourcesByName(json, "fly_machine"))
    .filter(([, m]) => secretIds.some((id) => String(m.min_secrets_version).includes(`fly_secret.${id}.version`)))
    .map(([name]) => name)
    .sort();
}

describe("secrets", () => {
  let shared: SynthJson;
  let perCell: string;

  beforeAll(() => {
    process.env.TF_VAR_secret_API_KEY = SENTINEL;
    process.env.TF_VAR_secret_acme_DB_KEY = SENTINEL;
    shared = parseSynth(synthFleet({ tenants: [{ id: "acme", region: "ams" }, tenants[1]], secrets: { API_KEY: { version: "3" } } }));
    perCell = synthFleet({ tenants, topology: "app-per-cell", secrets: { API_KEY: { version: "3" } } });
  });

  afterAll(() => {
    delete process.env.TF_VAR_secret_API_KEY;
    delete process.env.TF_VAR_secret_acme_DB_KEY;
  });

  it("takes values from sensitive variables through the write-only attribute", () => {
    expect(shared.variable).toEqual({
      secret_API_KEY: expect.objectContaining({ type: "string", sensitive: true, ephemeral: true, nullable: false }),
    });
    expect(Object.values(shared.resource?.fly_secret ?? {})).toEqual([
      expect.objectContaining({ name: "API_KEY", value_wo: "${var.secret_API_KEY}", value_wo_version: "3" }),
    ]);
  });

  it("never puts a secret value into the synthesized JSON or any snapshot", () => {
    expect(JSON.stringify(shared)).not.toContain(SENTINEL);
    expect(perCell).not.toContain(SENTINEL);
    const root = path.join(__dirname, "..");
    const snapshots = fs
      .readdirSync(root, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith(".snap"));
    expect(snapshots.length).toBeGreaterThan(0);
    for (const file of snapshots) expect(fs.readFileSync(path.join(root, file), "utf8")).not.toContain(SENTINEL);
  });

  it("restarts the machines using a fleet secret when it rotates (all cells of a shared app)", () => {
    expect(machinesUsing(shared, "API_KEY")).toEqual(["fleet_cell-acme_machine", "fleet_cell-globex_machine"]);
  });

  it("gives each cell app the fleet's secrets and its tenant's own, from its own variable", () => {
    const json = parseSynth(perCell);
    expect(Object.keys(json.variable ?? {}).sort()).toEqual(["secret_API_KEY", "secret_acme_DB_KEY"]);
    expect(Object.keys(resourcesByName(json, "fly_secret")).sort()).toEqual([
      "fleet_cell-acme_secret-API_KEY",
      "fleet_cell-acme_secret-DB_KEY",
      "fleet_cell-globex_secret-API_KEY",
    ]);
    expect(resourcesByName(json, "fly_secret")["fleet_cell-acme_secret-DB_KEY"].value_wo).toBe("${var.secret_acme_DB_KEY}");
    expect(machinesUsing(json, "acme_secret-DB_KEY")).toEqual(["fleet_cell-acme_machine"]);
  });

  it("rotating a tenant secret changes that secret's version only, and only its machine depends on it", () => {
    const before = parseSynth(perCell);
    const rotated = parseSynth(
      synthFleet({
        tenants: [{ ...tenants[0], secrets: { DB_KEY: { version: "2" } } }, tenants[1]],
        topology: "app-per-cell",
        secrets: { API_KEY: { version: "3" } },
      }),
    );
    const changed = Object.entries(rotated.resource ?? {}).flatMap(([type, byId]) =>
      Object.entries(byId)
        .filter(([id, body]) => JSON.stringify(before.resource?.[type]?.[id]) !== JSON.stringify(body))
        .map(([id, body]) => [id.replace(/_[0-9A-F]{8}$/, ""), body.value_wo_version]),
    );
    expect(changed).toEqual([["fleet_cell-acme_secret-DB_KEY", "2"]]);
  });

  it("refuses per-tenant secrets in a shared app, and malformed secrets", () => {
    let error: unknown;
    try {
      synthFleet({ tenants: [{ id: "acme", region: "ams", secrets: { "db-key": { version: "" } } as never }], secrets: { FLY_TOKEN: { version: "1" } } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlycellValidationError);
    expect((error as FlycellValidationError).problems.map((p) => `${p.subject} ${p.field}: ${p.message}`)).toEqual([
      'fleet secrets.FLY_TOKEN: names starting with "FLY_" (in any case) are reserved',
      'tenant "acme" secrets.db-key: secret names are upper-case letters, digits and underscores',
    ]);
    expect(validationProblems(() => synthFleet({ tenants: [{ id: "acme", region: "ams", secrets: { DB_KEY: { version: "" } } }] }))).toEqual([
      { subject: 'tenant "acme"', field: "secrets.DB_KEY.version", message: 'must be a non-empty marker such as "1"' },
    ]);
    expect(validationProblems(() => synthFleet({ tenants: [{ id: "acme", region: "ams", secrets: { DB_KEY: { version: "1" } } }] }))).toEqual([
      {
        subject: 'tenant "acme"',
        field: "secrets",
        message: 'per-tenant secrets need topology "app-per-cell": in a shared app every machine sees every secret',
      },
    ]);
  });
});

describe("secret variable names", () => {
  it("can be set from the shell, and keep tenant and secret apart", () => {
    expect(secretVariableName("API_KEY")).toBe("secret_API_KEY");
    expect(secretVariableName("KEY", "acme-corp")).toBe("secret_acme_corp_KEY");
    expect(secretVariableName("KEY", "acme-corp")).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});

describe("extendCell", () => {
  it("is called for every active cell, so users can add per-cell resources such as a backup job", () => {
    const seen: string[] = [];
    synthFleet({
      tenants: [...tenants.map((t) => ({ ...t, secrets: undefined })), { id: "oldco", region: "fra", status: "decommissioned" }],
      extendCell: (cell: Cell) => seen.push(cell.tenantId),
    });
    expect(seen.sort()).toEqual(["acme", "globex"]);
  });
});

describe("automatic backups", () => {
  it("are on by default and can be turned off per tenant or for the fleet", () => {
    const json = parseSynth(
      synthFleet({ tenants: [tenants[1], { id: "scratch", region: "ams", autoBackupEnabled: false }], snapshotRetentionDays: 14 }),
    );
    const volumes = resourcesByName(json, "fly_volume");
    expect(volumes["fleet_cell-globex_volume"]).toMatchObject({ auto_backup_enabled: true, snapshot_retention: 14 });
    expect(volumes["fleet_cell-scratch_volume"]).toMatchObject({ auto_backup_enabled: false });
    const off = resourcesByName(parseSynth(synthFleet({ tenants: [tenants[1]], autoBackupEnabled: false })), "fly_volume");
    expect(off["fleet_cell-globex_volume"]).toMatchObject({ auto_backup_enabled: false });
  });
});
