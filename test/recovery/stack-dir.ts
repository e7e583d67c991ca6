import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RecoveryManifestEntry } from "../../lib/constructs/recoveries";
import { RECOVERIES_LOCAL } from "../../lib/plan/naming";

type EntryOverrides = Partial<Omit<RecoveryManifestEntry, "volume">> & { readonly volume?: Partial<RecoveryManifestEntry["volume"]> };

/** A manifest entry as the synth writes it (the lead's type, so the shapes cannot drift apart). */
export function recoveryEntry(overrides: EntryOverrides = {}): RecoveryManifestEntry {
  const { volume, ...rest } = overrides;
  return {
    owner: "acme",
    kind: "tenant",
    generation: 1,
    app: "fleet",
    variable: "flycell_volume_acme_g1",
    source: { from_volume_name: "data_acme", snapshot: "latest" },
    ...rest,
    volume: {
      name: "g1_acme",
      region: "ams",
      size_gb: 1,
      encrypted: true,
      require_unique_zone: true,
      auto_backup_enabled: true,
      snapshot_retention: 5,
      compute: { cpu_kind: "shared", cpus: 1, memory_mb: 256 },
      ...volume,
    },
  };
}

/** A synthesized stack's directory whose cdk.tf.json lists `entries` (none: no local at all). */
export function stackDir(entries: readonly unknown[] | undefined, name = "fleet"): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "recovery-")), name);
  fs.mkdirSync(dir);
  const json = { terraform: {}, ...(entries === undefined ? {} : { locals: { [RECOVERIES_LOCAL]: entries } }) };
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
  return dir;
}
