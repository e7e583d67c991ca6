/** Import (`terraform import`, `import` blocks) of what the emulated account holds: by the provider's id, `<app>/<id>`. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startMachinesApi } from "../../emulator/src/machines-api/server";
import { EmulatedProvider } from "../../emulator/src/provider";
import { FlyStore } from "../../emulator/src/store";
import { changedResources, countChanges, describeWithTerraform, emulatorEnv, PlanJson, runTerraform } from "../e2e/terraform";
import { SeededAccount } from "./account-seed";
import { call } from "./machines-api-client";

const MACHINE = "3d8d9e4b2c7a18";
const VOL = "vol_aaaaaaaaaaaaaaaa";

describe("ImportResourceState", () => {
  const account = new SeededAccount().volume("acme", { id: VOL, name: "data_acme" }).machine("acme", { id: MACHINE, mounts: [VOL] });
  const provider = () => new EmulatedProvider(new FlyStore(account.file));

  test("adopts a volume or a machine by <app>/<id> as the account holds it, attachment included", () => {
    const p = provider();
    expect(p.importState("fly_volume", `acme/${VOL}`)).toEqual({ value: expect.objectContaining({ id: VOL, app: "acme", name: "data_acme", attached_machine_id: MACHINE }), diagnostics: [] });
    expect(p.importState("fly_machine", `acme/${MACHINE}`)).toEqual({ value: expect.objectContaining({ id: MACHINE, app: "acme", mount: [expect.objectContaining({ volume: VOL })] }), diagnostics: [] });
  });

  test("refuses an unknown id, another app's, a malformed id and other resource types with error diagnostics", () => {
    const p = provider();
    const summary = (type: string, id: string) => p.importState(type, id).diagnostics.map((d) => [d.severity, d.summary]);
    expect(summary("fly_volume", "acme/vol_nosuchvolume0000")).toEqual([["ERROR", "Cannot import non-existent remote object"]]);
    expect(summary("fly_volume", `other/${VOL}`)).toEqual([["ERROR", "Cannot import non-existent remote object"]]);
    expect(summary("fly_machine", MACHINE)).toEqual([["ERROR", "Unexpected Import Identifier"]]);
    expect(summary("fly_machine", `acme/${MACHINE}/x`)).toEqual([["ERROR", "Unexpected Import Identifier"]]);
    expect(summary("fly_app", "acme")).toEqual([["ERROR", "Resource Import Not Implemented"]]);
  });
});

const TOKEN = "import-e2e-token";
const PROVIDER = { terraform: { required_providers: { fly: { source: "ampbase-io/fly", version: "~> 0.2" } } }, provider: { fly: { org_slug: "e2e-org" } } };
// The app by reference, so Terraform makes it before the volume.
const VOLUME_CONFIG = { app: "${fly_app.a.name}", region: "ams", size_gb: 1, compute: { cpu_kind: "shared", cpus: 1, memory_mb: 256 } };

describeWithTerraform("an import block adopts a volume the Machines API restored (real Terraform)", () => {
  // jest's global setup empties .tmp/e2e on every run: this workspace lives in the OS temp dir.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-import-"));
  const dir = path.join(root, "work");
  const env = emulatorEnv(root);
  const accountFile = path.join(root, "emulator", "data", "fly.json");
  const configure = (doc: object) => fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ ...PROVIDER, ...doc }));
  const tf = (...args: string[]) => {
    const r = runTerraform(dir, env, args);
    if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${r.stderr}\n${r.stdout}`);
    return r;
  };
  const plan = (): PlanJson => {
    tf("plan", "-input=false", "-out=plan.bin");
    return JSON.parse(tf("show", "-json", "plan.bin").stdout) as PlanJson;
  };
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("import of the restored volume, with no replacement, then a second plan with nothing to do", async () => {
    fs.mkdirSync(dir, { recursive: true });
    const data = { fly_volume: { data: { ...VOLUME_CONFIG, name: "data_acme" } } };
    configure({ resource: { fly_app: { a: { name: "acme-import" } }, ...data } });
    tf("init", "-input=false");
    tf("apply", "-auto-approve", "-input=false");

    const api = await startMachinesApi({ accountFile, token: TOKEN, rateLimits: false });
    let restored: { id: string };
    try {
      const ask = (method: string, p: string, body?: unknown) => call(api.url, TOKEN, method, p, body);
      const [source] = (await ask("GET", "/v1/apps/acme-import/volumes")).body as { id: string; name: string }[];
      expect(source.name).toBe("data_acme");
      await ask("PUT", `/__emulator/volumes/${source.id}/content`, { content: "acme-rows-42" });
      await ask("POST", "/__emulator/clock/advance", { days: 1 });
      const [snapshot] = (await ask("GET", `/v1/apps/acme-import/volumes/${source.id}/snapshots`)).body as { id: string }[];
      const made = await ask("POST", "/v1/apps/acme-import/volumes", { ...VOLUME_CONFIG, app: undefined, name: "g1_acme", encrypted: true, require_unique_zone: true, auto_backup_enabled: true, snapshot_retention: 5, snapshot_id: snapshot.id });
      expect(made.status).toBe(200);
      restored = made.body as { id: string };
    } finally {
      await api.close();
    }

    configure({
      import: [{ to: "fly_volume.g1", id: `acme-import/${restored.id}` }],
      resource: { fly_app: { a: { name: "acme-import" } }, fly_volume: { ...data.fly_volume, g1: { ...VOLUME_CONFIG, name: "g1_acme" } } },
    });
    const importing = plan();
    expect(countChanges(importing)).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    const g1 = importing.resource_changes?.find((c) => c.address === "fly_volume.g1") as { change: { actions: string[]; importing?: { id: string } } } | undefined;
    expect(g1?.change).toMatchObject({ actions: ["no-op"], importing: { id: `acme-import/${restored.id}` } });
    tf("apply", "-input=false", "plan.bin");

    const again = plan();
    expect(changedResources(again)).toEqual({});
    expect(again.resource_changes?.every((c) => c.change.actions.every((a) => a === "no-op"))).toBe(true);
    const content = new SeededAccount(accountFile).volumeFacts(restored.id)?.content;
    expect(content).toBe("acme-rows-42");

    // An id the account does not hold is refused at plan time.
    configure({ import: [{ to: "fly_volume.ghost", id: "acme-import/vol_nosuchvolume0000" }], resource: { fly_app: { a: { name: "acme-import" } }, fly_volume: { ...data.fly_volume, g1: { ...VOLUME_CONFIG, name: "g1_acme" }, ghost: { ...VOLUME_CONFIG, name: "ghost" } } } });
    const refused = runTerraform(dir, env, ["plan", "-input=false"]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("Cannot import non-existent remote object");
  }, 120_000);
});
