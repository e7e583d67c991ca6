/**
 * `npm run drill:recovery`: the README's "Recovering a tenant", run offline from start to end in
 * a temporary directory (real Terraform, flycell's emulated provider and Machines API, nothing
 * reaches Fly). Each step prints the tenant line it deploys and what flycell said. The e2e test
 * test/e2e/recovery-drill.test.ts checks the same steps in detail.
 *
 * Exit codes: 0 every step did what the README says, 1 one did not.
 */
import { account, contentOf, control, deploy, Drill, endDrill, flycellIn, newDrill, startApi, synth } from "../test/e2e/recovery-kit";
import { TenantSpec } from "../lib";
import { buildEmulatorIfStale } from "./local-fleet";

function step(title: string, lines: readonly TenantSpec[]): void {
  console.log(`\n## ${title}\n${lines.map((line) => `  ${JSON.stringify(line)},`).join("\n")}`);
}

function expectThat(ok: boolean, what: string): void {
  if (!ok) throw new Error(`drill: ${what}`);
  console.log(`ok: ${what}`);
}

function deployed(drill: Drill, tenants: readonly TenantSpec[]): void {
  synth(drill, tenants);
  const r = deploy(drill);
  // The lines a reviewer reads: the guard's and the summary's words on volumes.
  for (const line of r.stdout.split("\n").filter((l) => /plan guard:|restored from|forked from|released: it is destroyed|^- /.test(l))) console.log(`  ${line.trim()}`);
  expectThat(r.code === 0, `flycell deploy exited 0${r.code === 0 ? "" : `:\n${r.stderr}`}`);
}

async function main(): Promise<void> {
  buildEmulatorIfStale();
  const drill = newDrill("readme-drill");
  try {
    await startApi(drill);
    const acme: TenantSpec = { id: "acme", region: "ams" };
    const globex: TenantSpec = { id: "globex", region: "ams" };
    const initech: TenantSpec = { id: "initech", region: "ams" };
    step("three tenants", [acme, globex, initech]);
    deployed(drill, [acme, globex, initech]);

    const old = account(drill).volumes.get("data_acme")?.id ?? "";
    control(drill, "content", "write", old, "acme's data");
    console.log("\n$ flycell volumes snapshot acme");
    console.log(flycellIn(drill, "volumes", "snapshot", "acme").stdout.trim());
    console.log("$ flycell volumes snapshots acme");
    console.log(flycellIn(drill, "volumes", "snapshots", "acme").stdout.trim());
    control(drill, "fail-host", old);
    console.log(`\nacme's host fails (${old} unreachable)`);

    const restored: TenantSpec = { ...acme, restore: { snapshot: "latest" } };
    step("restore acme from its latest snapshot", [restored, globex, initech]);
    deployed(drill, [restored, globex, initech]);
    const g1 = account(drill).volumes.get("g1_acme")?.id ?? "";
    expectThat(contentOf(drill, g1) === "acme's data", `g1_acme (${g1}) holds the snapshot's data`);
    expectThat(account(drill).machines.get("acme")?.volume === g1, "acme's machine mounts g1_acme");
    expectThat(account(drill).volumes.has("data_acme"), "the old volume data_acme is kept");

    const moving: TenantSpec = { ...initech, region: "fra", move: { from: "ams", data: "fork" } };
    step("move initech to fra with its data", [restored, globex, moving]);
    deployed(drill, [restored, globex, moving]);
    expectThat(account(drill).volumes.get("g1_initech")?.region === "fra", "initech's fork g1_initech is in fra");
    expectThat(account(drill).machines.get("initech")?.region === "fra", "initech's machine runs in fra");

    const before = [...account(drill).volumes.keys()];
    const releasing: TenantSpec = { ...restored, releaseVolumes: [0] };
    step("release acme's old volume", [releasing, globex, { ...initech, region: "fra" }]);
    deployed(drill, [releasing, globex, { ...initech, region: "fra" }]);
    const after = account(drill).volumes;
    expectThat(before.filter((name) => !after.has(name)).join() === "data_acme" && after.size === before.length - 1, "exactly data_acme is gone");
  } finally {
    endDrill(drill);
  }
}

main().then(
  () => console.log("\ndrill: every step did what the README says"),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
