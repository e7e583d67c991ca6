import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { RECOVERIES_LOCAL } from "../plan/naming";
import { quote } from "../plan/quote";
import { SLUG_PATTERN } from "../tenants/limits";

/** The stack's JSON cdktf writes, in which `locals.flycell_recoveries` lists the volumes to make. */
export const STACK_JSON = "cdk.tf.json";

// Fly's names, so nothing but a name ever goes into a path or a request.
const volumeName = z.string().regex(/^[a-z0-9_]{1,30}$/, { error: "is not a Fly volume name (a-z, 0-9, _; 30 at most)" });
const appName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "is not a Fly app name" });
const wholeNumber = (min: number) => z.number().int().min(min);

const volumeSchema = z.strictObject({
  name: volumeName,
  region: z.string().regex(/^[a-z]{3}$/, { error: "is not a Fly region code" }),
  size_gb: wholeNumber(1),
  encrypted: z.boolean(),
  require_unique_zone: z.boolean(),
  auto_backup_enabled: z.boolean(),
  snapshot_retention: wholeNumber(1),
  compute: z.strictObject({ cpu_kind: z.string().min(1), cpus: wholeNumber(1), memory_mb: wholeNumber(1) }),
});

const snapshotSource = z.strictObject({
  from_volume_name: volumeName,
  snapshot: z.union([z.literal("latest"), z.string().regex(/^vs_[A-Za-z0-9]+$/)], { error: 'is neither "latest" nor a snapshot id (vs_…)' }),
});
const forkSource = z.strictObject({
  from_volume_name: volumeName,
  fork: z.literal(true),
  stop_machine_name: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, { error: "is not a machine name" }),
});

const entrySchema = z.strictObject({
  owner: z.string().regex(SLUG_PATTERN, { error: "is not a tenant or shared cell id" }),
  kind: z.enum(["tenant", "cell"]),
  generation: wholeNumber(1),
  app: appName,
  variable: z.string().regex(/^flycell_volume_[A-Za-z0-9_-]+$/, { error: "is not a flycell_volume_… variable name" }),
  volume: volumeSchema,
  source: z.union([snapshotSource, forkSource]),
});

const manifestSchema = z.array(entrySchema);

/** One volume to make before Terraform plans, as the synthesized stack lists it. */
export type RecoveryEntry = z.output<typeof entrySchema>;
export type RecoveryVolume = RecoveryEntry["volume"];

/** A manifest flycell cannot use: not JSON, or not the shape the synth writes. */
export class RecoveryManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecoveryManifestError";
  }
}

/** `locals.flycell_recoveries[0].volume` for an issue's path. */
function where(issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : `${at}.${String(key)}`), `locals.${RECOVERIES_LOCAL}`);
}

/**
 * The volumes the stack in `stackDir` asks flycell to make, from its synthesized JSON; empty
 * when it lists none. Two entries may not fill the same variable nor name the same volume.
 */
export function readRecoveryManifest(stackDir: string): RecoveryEntry[] {
  const file = path.join(stackDir, STACK_JSON);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new RecoveryManifestError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const own = (value: unknown, key: string): unknown =>
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  const listed = own(own(json, "locals"), RECOVERIES_LOCAL);
  if (listed === undefined) return [];
  const parsed = manifestSchema.safeParse(listed);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${where(issue.path)}: ${issue.message}`);
    throw new RecoveryManifestError(`${file} lists volumes to make that flycell cannot read (synthesized by another flycell version?): ${problems.join("; ")}`);
  }
  const variables = new Set<string>();
  const volumes = new Set<string>();
  for (const entry of parsed.data) {
    const volume = `${entry.app}/${entry.volume.name}`;
    if (variables.has(entry.variable) || volumes.has(volume)) {
      throw new RecoveryManifestError(`${file}: locals.${RECOVERIES_LOCAL} lists variable ${quote(entry.variable)} or volume ${quote(volume)} twice`);
    }
    variables.add(entry.variable);
    volumes.add(volume);
  }
  return parsed.data;
}
