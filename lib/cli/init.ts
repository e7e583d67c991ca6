import * as fs from "fs";
import * as path from "path";
import { quote } from "../plan/quote";
import { SLUG_PATTERN } from "../tenants/limits";
import { CliFailure, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { flycellPackage } from "./flycell-package";
import { EXECUTABLE_FILES, INIT_BACKENDS, INIT_CDKS, InitBackend, InitCdk, initFiles, InitVersions, stateWhere, STATE_MOVE } from "./init-files";
import { Command, Option } from "commander";

/** Used when flycell's package.json names no exact cdktf or constructs version. */
const FALLBACK = { cdktf: "0.21.0", constructs: "10.4.2" } as const;

/** The lowest version a spec allows, when it is exact or a caret/tilde range ("^10.4.2" → "10.4.2"): always inside it. */
function lowestVersion(spec: string | undefined): string | undefined {
  return /^[\^~=]?(\d+\.\d+\.\d+)$/.exec(spec?.trim() ?? "")?.[1];
}

/**
 * The versions to pin: cdktf and constructs as flycell is tested with them (its devDependencies),
 * else the lowest its (peer) dependency allows, so npm installs one copy of each.
 */
export function initVersions(flycellSpec?: string): InitVersions {
  const own = flycellPackage();
  const pin = (name: keyof typeof FALLBACK) =>
    lowestVersion(own.devDependencies[name]) ?? lowestVersion(own.peerDependencies[name] ?? own.dependencies[name]) ?? FALLBACK[name];
  return { flycell: flycellSpec ?? own.version, cdktf: pin("cdktf"), constructs: pin("constructs") };
}

/** A package and Fly app name from a directory name: lowercase letters, digits and single hyphens. */
export function fleetNameFor(dir: string): string {
  const slug = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30)
    .replace(/-+$/, "");
  const name = /^[a-z]/.test(slug) ? slug : `fleet-${slug}`.replace(/-+$/, "");
  return SLUG_PATTERN.test(name) ? name : "fleet";
}

/** What an I/O error says, in one line: `ENOTDIR, mkdir "x/y"`. */
function ioReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code === undefined ? String(e.message) : `${e.code}${e.syscall ? `, ${e.syscall}` : ""}${e.path ? ` ${quote(e.path)}` : ""}`;
}

/** Writes a new fleet repository into `dir`, which must not exist or be empty; the paths written. */
export function scaffold(dir: string, versions: InitVersions, choices: { backend?: InitBackend; cdk?: InitCdk } = {}): string[] {
  const usage = (why: string) => new CliFailure(EXIT_USAGE, `flycell init: ${quote(dir)} ${why}`);
  // lstat: a dangling link is something at the path, though `existsSync` says nothing is there.
  let there: fs.Stats | undefined;
  try {
    there = fs.lstatSync(dir, { throwIfNoEntry: false });
  } catch (err) {
    throw usage(`cannot be created: ${ioReason(err)}`); // ENOTDIR: a path under a file
  }
  if (there?.isSymbolicLink() && !fs.existsSync(dir)) throw usage("is a symbolic link to nothing; give a new or empty directory");
  if (there) {
    if (!fs.statSync(dir).isDirectory()) throw usage("is a file, not a directory");
    if (fs.readdirSync(dir).length > 0) throw usage("is not empty; give a new or empty directory");
  }
  const files = initFiles({ name: fleetNameFor(dir), versions, ...choices });
  try {
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(dir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text, { mode: EXECUTABLE_FILES.includes(file) ? 0o755 : 0o644 });
    }
  } catch (err) {
    // A path under a file, no permission, a full disk: one line, no stack trace.
    throw usage(`cannot be created: ${ioReason(err)}`);
  }
  return Object.keys(files);
}

/** `flycell init <dir>`: a new fleet repository. */
export function addInitCommand(program: Command): void {
  program
    .command("init")
    .summary("create a new fleet repository")
    .description(
      "Creates a fleet repository in a new or empty directory: the tenant list, the cdktf app, an empty " +
        "ledger, a snapshot test, ci.sh and a README. Dependencies are pinned: flycell at this version, " +
        "cdktf (or cdktn) and constructs as flycell is tested with them.",
    )
    .argument("<dir>", "the directory to create (or an empty one)")
    .option("--flycell <spec>", "the flycell dependency instead of this version (e.g. file:../flycell-0.2.0.tgz)")
    .addOption(new Option("--backend <backend>", "where each stack keeps its Terraform state: local files, an S3 bucket (Tigris), or PostgreSQL").choices(INIT_BACKENDS).default("local"))
    .addOption(new Option("--cdk <cdk>", "CDK for Terraform (cdktf 0.21) or CDK Terrain (cdktn 0.24)").choices(INIT_CDKS).default("cdktf"))
    .addHelpText("after", exitCodesHelp({ 0: "created", 2: "the path exists and is no empty directory (a file, a dangling link), or cannot be created" }))
    .action((dir: string, options: { flycell?: string; backend: InitBackend; cdk: InitCdk }) => {
      const written = scaffold(dir, initVersions(options.flycell), { backend: options.backend, cdk: options.cdk });
      console.log(`flycell init: created ${dir} with ${written.length} files:`);
      for (const file of written) console.log(`  ${file}`);
      // One line on state: where it is, and how to move it (README.md, "State").
      console.log(`\n${stateWhere(fleetNameFor(dir), options.backend)} To move it: change stateBackend in stacks/fleet.ts, then \`${STATE_MOVE.replace(/\n/g, "; ")}\`.`);
      console.log(`\nNext:\n  cd ${dir}\n  npm install\n  npm run synth\n  npm test`);
    });
}
