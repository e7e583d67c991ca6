/**
 * The copies of a project's synthesized stacks that `flycell local` runs: each stack directory
 * copied under the local directory, its `terraform.backend` replaced by a local state file there
 * and its cross-stack `terraform_remote_state` reads pointed at those files. Whatever backend the
 * stacks declare (S3, pg, a relative local path), the rehearsal reads and writes only its own
 * state, never the team's.
 */
import * as fs from "fs";
import * as path from "path";
import { quote } from "../plan/quote";
import { RECOVERED_TFVARS_FILE } from "../plan/naming";
import { STACK_JSON } from "../recovery";
import { CliFailure, EXIT_USAGE } from "./exit-codes";

/** cdktf's manifest, beside the stacks directory: the order deployStacks applies them in. */
const MANIFEST = "manifest.json";
/** The prefix of the data source cdktf writes for a cross-stack reference, then the origin stack's path. */
const CROSS_STACK_INPUT = "cross-stack-reference-input-";

/**
 * Left out of a copy: Terraform's working files and what an earlier real plan or deploy wrote
 * in the source directory. A real run's recovered volumes must never reach the rehearsal.
 */
const NOT_COPIED = new Set([".terraform", ".terraform.lock.hcl", "plan.out", "plan.json", "preflight.out", "preflight.json", "outputs.json", RECOVERED_TFVARS_FILE]);
/** Kept in a copy across runs: what the rehearsal's own recover step wrote. */
const KEPT = new Set([RECOVERED_TFVARS_FILE]);

/** Where the rehearsal keeps a stack's state. */
export const localStateOf = (localDir: string, stack: string) => path.join(path.resolve(localDir), `terraform.${stack}.tfstate`);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A stack's JSON with its backend and its cross-stack state reads made local: `stacks` are the
 * names of the stacks rehearsed together. A `terraform_remote_state` that reads no stack of
 * theirs is refused: the rehearsal would read state it does not own.
 */
export function localizeStackJson(json: Json, stack: string, localDir: string, stacks: ReadonlySet<string>): Json {
  const terraform = isObject(json.terraform) ? { ...json.terraform } : {};
  delete terraform.cloud; // HCP Terraform: a backend too
  terraform.backend = { local: { path: localStateOf(localDir, stack) } };
  const out: Json = { ...json, terraform };
  const data = isObject(json.data) ? json.data : undefined;
  const remote = data && isObject(data.terraform_remote_state) ? data.terraform_remote_state : undefined;
  if (data && remote) {
    const reads: Json = {};
    for (const [name, body] of Object.entries(remote)) {
      const origin = name.startsWith(CROSS_STACK_INPUT) ? name.slice(CROSS_STACK_INPUT.length) : undefined;
      if (origin === undefined || !stacks.has(origin) || !isObject(body)) {
        throw new CliFailure(
          EXIT_USAGE,
          `flycell local: stack ${quote(stack)} reads the Terraform state ${quote(name)}, which is no stack rehearsed here (${[...stacks].join(", ")}): ` +
            "the rehearsal only reads state it wrote itself",
        );
      }
      reads[name] = { ...body, backend: "local", config: { path: localStateOf(localDir, origin) } };
    }
    out.data = { ...data, terraform_remote_state: reads };
  }
  return out;
}

/**
 * The stacks whose state a localized copy reads (its cross-stack `terraform_remote_state`) and
 * the rehearsal has not written yet: Terraform cannot plan the copy before they are applied.
 */
export function unwrittenUpstreams(copy: string): string[] {
  const json = JSON.parse(fs.readFileSync(path.join(copy, STACK_JSON), "utf8")) as Json;
  const data = isObject(json.data) ? json.data : {};
  const reads = isObject(data.terraform_remote_state) ? data.terraform_remote_state : {};
  return Object.entries(reads)
    .filter(([, body]) => {
      const config = isObject(body) && isObject(body.config) ? body.config : {};
      return typeof config.path === "string" && !fs.existsSync(config.path);
    })
    .map(([name]) => name.slice(CROSS_STACK_INPUT.length))
    .sort();
}

function copyTree(from: string, to: string, skip: ReadonlySet<string>): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyTree(source, path.join(to, entry.name), new Set());
    else fs.copyFileSync(source, path.join(to, entry.name));
  }
}

/**
 * Copies the stack directories into `<localDir>/cdktf.out/stacks/` (with cdktf's manifest beside
 * them, when there is one) and localizes each copy's JSON; returns the copies. A copy is made
 * afresh each time but for the rehearsal's own recovered volumes.
 */
export function copyStacksForRehearsal(stackDirs: readonly string[], localDir: string): string[] {
  const root = path.join(localDir, "cdktf.out", "stacks");
  const names = new Set(stackDirs.map((dir) => path.basename(path.resolve(dir))));
  for (const dir of stackDirs) {
    if (!fs.existsSync(path.join(dir, STACK_JSON))) throw new CliFailure(EXIT_USAGE, `flycell local: ${dir} is no synthesized stack (no ${STACK_JSON})`);
  }
  fs.mkdirSync(root, { recursive: true });
  // Stacks no longer synthesized go: deployStacks would otherwise find them when there is no manifest.
  for (const old of fs.readdirSync(root)) if (!names.has(old)) fs.rmSync(path.join(root, old), { recursive: true, force: true });
  const manifests = new Set(stackDirs.map((dir) => path.join(path.dirname(path.resolve(dir)), "..", MANIFEST)));
  const manifest = [...manifests].find((file) => fs.existsSync(file));
  if (manifest !== undefined) fs.copyFileSync(manifest, path.join(root, "..", MANIFEST));
  else fs.rmSync(path.join(root, "..", MANIFEST), { force: true });
  return stackDirs.map((dir) => {
    const name = path.basename(path.resolve(dir));
    const copy = path.join(root, name);
    if (fs.existsSync(copy)) for (const entry of fs.readdirSync(copy)) if (!KEPT.has(entry)) fs.rmSync(path.join(copy, entry), { recursive: true, force: true });
    copyTree(dir, copy, NOT_COPIED);
    const json = JSON.parse(fs.readFileSync(path.join(copy, STACK_JSON), "utf8")) as Json;
    fs.writeFileSync(path.join(copy, STACK_JSON), `${JSON.stringify(localizeStackJson(json, name, localDir, names), null, 2)}\n`);
    return copy;
  });
}
