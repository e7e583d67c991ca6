/** The emulator's rules, without Terraform: what it plans and applies for the Fly resources. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ExtData, encode } from "@msgpack/msgpack";
import { RULES } from "../../emulator/src/fly-rules";
import { EmulatedProvider } from "../../emulator/src/provider";
import { blockType, loadSchemas } from "../../emulator/src/schema";
import { FlyStore } from "../../emulator/src/store";
import { conform, decodeMsgpack, encodeMsgpack, ObjectValue, UNKNOWN, Value } from "../../emulator/src/values";

const schemas = loadSchemas();

/** A plugin process on the emulated account in `file` (a new one by default), configured for `org`. */
function provider(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emu-")), "fly.json"), org = "test-org") {
  const store = new FlyStore(file);
  const p = new EmulatedProvider(store);
  process.env.FLY_API_TOKEN = "emulator";
  p.configure({ org_slug: org, api_token: null, base_url: null });
  return { p, store, file };
}

/** A configuration value of `type`, every attribute present as Terraform sends it. */
const value = (type: string, attrs: Record<string, unknown>): ObjectValue =>
  conform(attrs, blockType(schemas.resources[type].block)) as ObjectValue;

/** Plan then apply a create, as Terraform would; returns the new state. */
function create(p: EmulatedProvider, type: string, attrs: Record<string, unknown>): ObjectValue {
  const config = value(type, attrs);
  const planned = p.plan(type, null, config, config);
  expect(planned.diagnostics).toEqual([]);
  const applied = p.apply(type, null, planned.value ?? null);
  expect(applied.diagnostics).toEqual([]);
  return applied.value as ObjectValue;
}

const APP = { name: "acme" };
const VOLUME = { app: "acme", name: "data_t1", region: "ams", size_gb: 2 };

describe("emulator rules against the vendored schema", () => {
  test("every resource in the schema has rules, and every replacement path names a schema attribute", () => {
    expect(Object.keys(RULES).sort()).toEqual(Object.keys(schemas.resources).sort());
    for (const [type, rules] of Object.entries(RULES)) {
      for (const p of rules.replace) {
        let block = schemas.resources[type].block;
        for (const step of p.slice(0, -1)) block = block.block_types?.[step]?.block ?? {};
        expect([type, p, block.attributes?.[p[p.length - 1]] !== undefined]).toEqual([type, p, true]);
      }
    }
  });
});

describe("planning", () => {
  test("a create leaves Fly-assigned values unknown, plans the provider's defaults and never keeps a write-only value", () => {
    const { p } = provider();
    const volume = value("fly_volume", VOLUME);
    const planned = p.plan("fly_volume", null, volume, volume).value as ObjectValue;
    expect(planned).toMatchObject({ id: UNKNOWN, zone: UNKNOWN, encrypted: true, auto_backup_enabled: true, size_gb: 2 });

    const secret = value("fly_secret", { app: "acme", name: "DB_KEY", value_wo: "s3cret", value_wo_version: "1" });
    expect(p.plan("fly_secret", null, secret, secret).value).toMatchObject({ value_wo: null, version: UNKNOWN });
  });

  test("a region change replaces a machine; an image change updates it in place with its id kept", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const machine = create(p, "fly_machine", { app: "acme", name: "t1", region: "ams", image: "img:1" });

    const moved = { ...machine, region: "ord" };
    expect(p.plan("fly_machine", machine, moved, moved).requiresReplace).toEqual([["region"]]);

    const reimaged = { ...machine, image: "img:2" };
    const config = value("fly_machine", { app: "acme", name: "t1", region: "ams", image: "img:2" });
    const update = p.plan("fly_machine", machine, reimaged, config);
    expect(update.requiresReplace).toEqual([]);
    expect(update.value).toMatchObject({ id: machine.id, image: "img:2", instance_id: UNKNOWN });
  });

  test("an unchanged resource plans exactly its state", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const volume = create(p, "fly_volume", VOLUME);
    expect(p.plan("fly_volume", volume, volume, value("fly_volume", VOLUME))).toEqual({ value: volume, diagnostics: [] });
  });

  test("a volume grows in place, refuses to shrink, and is replaced when its compute kind changes", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const volume = create(p, "fly_volume", VOLUME);

    expect(p.plan("fly_volume", volume, { ...volume, size_gb: 5 }, {}).requiresReplace).toEqual([]);
    expect(p.plan("fly_volume", volume, { ...volume, size_gb: 1 }, {}).diagnostics).toEqual([
      expect.objectContaining({ severity: "ERROR", summary: "Cannot Shrink Volume", attribute: ["size_gb"] }),
    ]);
    const performance = { ...volume, compute: { cpu_kind: "performance", cpus: 1, memory_mb: 2048 } };
    expect(p.plan("fly_volume", volume, performance, {}).requiresReplace).toEqual([["compute", "cpu_kind"]]);
  });

  test("a machine rename is ignored with a warning, as the provider does", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const machine = create(p, "fly_machine", { app: "acme", name: "t1", region: "ams", image: "img:1" });
    const renamed = { ...machine, name: "t2" };
    const result = p.plan("fly_machine", machine, renamed, renamed);
    expect(result.value).toEqual(machine);
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: "WARNING", summary: "Machine name change ignored" })]);
  });

  test("validation names the attribute and the allowed values", () => {
    const { p } = provider();
    expect(p.validate("fly_ip", value("fly_ip", { app: "acme", type: "v4" })).diagnostics).toEqual([
      expect.objectContaining({ attribute: ["type"], detail: expect.stringContaining("private_v6, shared_v4, public_v4, public_v6") }),
    ]);
  });

  test("an app's org may be left unset but not set to the empty string", () => {
    const { p } = provider();
    expect(p.validate("fly_app", value("fly_app", { name: "acme", org: "" })).diagnostics).toEqual([
      expect.objectContaining({ severity: "ERROR", summary: "Invalid Attribute Value Length", attribute: ["org"] }),
    ]);
    expect(p.validate("fly_app", value("fly_app", { name: "acme" })).diagnostics).toEqual([]);
    expect(p.validate("fly_app", value("fly_app", { name: "acme", org: "acme-org" })).diagnostics).toEqual([]);
  });

  test("a volume's in-place update plans state, zone and attached machine unknown; the apply keeps Fly's zone", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const volume = create(p, "fly_volume", VOLUME);
    const machine = create(p, "fly_machine", { app: "acme", region: "ams", image: "img", mount: [{ path: "/d", volume: volume.id }] });

    const config = value("fly_volume", { ...VOLUME, size_gb: 5 });
    const planned = p.plan("fly_volume", volume, { ...volume, size_gb: 5 }, config);
    expect(planned.requiresReplace).toEqual([]);
    expect(planned.value).toMatchObject({ id: volume.id, size_gb: 5, state: UNKNOWN, zone: UNKNOWN, attached_machine_id: UNKNOWN });

    const applied = p.apply("fly_volume", volume, planned.value ?? null);
    expect(applied.diagnostics).toEqual([]);
    expect(applied.value).toMatchObject({ size_gb: 5, zone: volume.zone, attached_machine_id: machine.id, state: "created" });
  });
});

describe("applying", () => {
  test("ids come in Fly's formats and the emulated account keeps no write-only value", () => {
    const { p, store, file } = provider();
    create(p, "fly_app", APP);
    const volume = create(p, "fly_volume", VOLUME);
    const machine = create(p, "fly_machine", {
      app: "acme",
      name: "t1",
      region: "ams",
      image: "img:1",
      mount: [{ path: "/data", volume: volume.id }],
    });
    expect(volume.id).toMatch(/^vol_[0-9a-z]{16}$/);
    expect(machine.id).toMatch(/^[0-9a-f]{14}$/);
    expect(machine.state).toBe("started");

    const first = create(p, "fly_secret", { app: "acme", name: "A", value_wo: "s3cret-a", value_wo_version: "1" });
    const second = create(p, "fly_secret", { app: "acme", name: "B", value_wo: "s3cret-b", value_wo_version: "1" });
    expect([first.id, first.version, second.version]).toEqual(["acme/A", 1, 2]);
    store.flush();
    expect(fs.readFileSync(file, "utf8")).not.toMatch(/s3cret/);
  });

  test("Fly refuses resources in a missing app and mounts of missing volumes", () => {
    const { p } = provider();
    const machine = value("fly_machine", { app: "ghost", region: "ams", image: "img", mount: [{ path: "/d", volume: "vol_x" }] });
    const planned = p.plan("fly_machine", null, machine, machine).value ?? null;
    expect(p.apply("fly_machine", null, planned).diagnostics.map((d) => d.summary)).toEqual(["App not found", "Volume not found"]);
  });

  test("an app name taken in the account is refused to a second state, even when both processes loaded the account first", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emu-")), "fly.json");
    const first = provider(file);
    const second = provider(file, "other-org"); // another state (another plugin process) on the same account
    const app = create(first.p, "fly_app", APP);
    expect(app).toMatchObject({ name: "acme", org: "test-org" });

    const config = value("fly_app", APP);
    const planned = second.p.plan("fly_app", null, config, config).value ?? null;
    expect(second.p.apply("fly_app", null, planned).diagnostics).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        summary: "Create App Error",
        attribute: ["name"],
        detail: expect.stringMatching(/app name "acme" is already taken.*org "test-org"/),
      }),
    ]);
    // A process that loaded the account later sees the app too.
    expect(provider(file).p.apply("fly_app", null, planned).diagnostics).toEqual([expect.objectContaining({ summary: "Create App Error" })]);
  });

  test("an app's name is free again once it is deleted, in the same process (a replacement) or in another", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emu-")), "fly.json");
    const { p, store } = provider(file);
    const app = create(p, "fly_app", APP);
    expect(p.apply("fly_app", app, null).diagnostics).toEqual([]);
    const again = create(p, "fly_app", APP); // destroy, then create: Terraform's order for a replacement
    store.flush();

    const other = provider(file);
    expect(other.p.apply("fly_app", again, null).diagnostics).toEqual([]);
    other.store.flush();
    create(provider(file).p, "fly_app", APP);
  });

  test("Fly refuses to delete a volume a machine still mounts, and deletes it once the machine is gone", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const volume = create(p, "fly_volume", VOLUME);
    const machine = create(p, "fly_machine", { app: "acme", region: "ams", image: "img", mount: [{ path: "/d", volume: volume.id }] });
    expect(p.read("fly_volume", volume).value).toMatchObject({ attached_machine_id: machine.id });

    const refused = p.apply("fly_volume", volume, null);
    expect(refused.diagnostics).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        summary: "Delete Volume Error",
        detail: expect.stringContaining(`volume ${String(volume.id)} is attached to machine ${String(machine.id)}; destroy the machine first`),
      }),
    ]);
    expect(refused.value).toEqual(volume); // Terraform keeps it in state
    expect(p.read("fly_volume", volume).value).not.toBeNull();

    expect(p.apply("fly_machine", machine, null).diagnostics).toEqual([]);
    expect(p.read("fly_volume", volume).value).toMatchObject({ attached_machine_id: "" });
    expect(p.apply("fly_volume", volume, null).diagnostics).toEqual([]);
    expect(p.read("fly_volume", volume).value).toBeNull();
  });

  test("a mount's volume cannot change on an existing machine: the update is refused at apply, not planned as a replacement", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const first = create(p, "fly_volume", VOLUME);
    const second = create(p, "fly_volume", { ...VOLUME, name: "data_t2" });
    const attrs = { app: "acme", name: "t1", region: "ams", image: "img", mount: [{ path: "/d", volume: first.id }] };
    const machine = create(p, "fly_machine", attrs);

    const config = value("fly_machine", { ...attrs, mount: [{ path: "/d", volume: second.id }] });
    const moved: ObjectValue = { ...machine, mount: config.mount };
    const planned = p.plan("fly_machine", machine, moved, config);
    expect(planned.diagnostics).toEqual([]);
    expect(planned.requiresReplace).toEqual([]);

    const applied = p.apply("fly_machine", machine, planned.value ?? null);
    expect(applied.diagnostics).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        summary: "Update Machine Error",
        detail: expect.stringContaining(`mounts ${String(first.id)} at /d, and the update asks for ${String(second.id)}`),
      }),
    ]);
    expect(applied.value).toEqual(machine);
    expect(p.read("fly_volume", first).value).toMatchObject({ attached_machine_id: machine.id });

    // Any other in-place change still applies.
    const reimaged = value("fly_machine", { ...attrs, image: "img:2" });
    const update = p.plan("fly_machine", machine, { ...machine, image: "img:2" }, reimaged);
    expect(p.apply("fly_machine", machine, update.value ?? null).diagnostics).toEqual([]);
  });

  test("a new machine cannot mount a volume another machine holds", () => {
    const { p } = provider();
    create(p, "fly_app", APP);
    const volume = create(p, "fly_volume", VOLUME);
    const attrs = { app: "acme", region: "ams", image: "img", mount: [{ path: "/d", volume: volume.id }] };
    const holder = create(p, "fly_machine", attrs);
    const config = value("fly_machine", attrs);
    const planned = p.plan("fly_machine", null, config, config).value ?? null;
    expect(p.apply("fly_machine", null, planned).diagnostics).toEqual([
      expect.objectContaining({ summary: "Volume Already Attached", detail: expect.stringContaining(`attached to machine ${String(holder.id)}`) }),
    ]);
  });

  test("a resource deleted from the account reads as gone", () => {
    const { p, store } = provider();
    const app = create(p, "fly_app", APP);
    expect(p.read("fly_app", app).value).toEqual(app);
    store.delete("fly_app", "acme");
    expect(p.read("fly_app", app).value).toBeNull();
  });
});

describe("msgpack values", () => {
  test("any extension value reads as unknown, refined (type 12) included; unknowns are written as type 0", () => {
    const wire = encode({ a: new ExtData(12, new Uint8Array([1, 2])), b: new ExtData(0, new Uint8Array([0])), c: "x" });
    expect(decodeMsgpack(wire)).toEqual({ a: UNKNOWN, b: UNKNOWN, c: "x" });
    expect([...encodeMsgpack(UNKNOWN)]).toEqual([0xd4, 0, 0]);
    const round: Value = { list: [1, "two", null, true], map: { k: UNKNOWN } };
    expect(decodeMsgpack(encodeMsgpack(round))).toEqual(round);
  });
});

describe("the emulated account", () => {
  it("keeps what parallel plugin processes wrote: each flush adds its own changes to the file", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emu-")), "fly.json");
    const seeded = new FlyStore(file);
    seeded.put("fly_volume", "vol_old", { id: "vol_old" });
    seeded.flush();

    // Two stacks applied at once: both processes loaded the file before either wrote.
    const a = new FlyStore(file);
    const b = new FlyStore(file);
    a.put("fly_machine", "aaaaaaaaaaaaaa", { id: "aaaaaaaaaaaaaa" });
    b.put("fly_machine", "bbbbbbbbbbbbbb", { id: "bbbbbbbbbbbbbb" });
    b.delete("fly_volume", "vol_old");
    expect(a.nextSecretsVersion("app")).toBe(1);
    a.flush();
    b.flush();

    const account = new FlyStore(file);
    expect([account.get("fly_machine", "aaaaaaaaaaaaaa"), account.get("fly_machine", "bbbbbbbbbbbbbb")]).toEqual([
      { id: "aaaaaaaaaaaaaa" },
      { id: "bbbbbbbbbbbbbb" },
    ]);
    expect(account.get("fly_volume", "vol_old")).toBeUndefined();
    expect(account.nextSecretsVersion("app")).toBe(2);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["fly.json"]); // no lock or temp file left behind
  });
});
