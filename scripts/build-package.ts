/**
 * Builds the package into dist/ (`npm run build`, and `npm pack` / `npm publish` through
 * `prepack`):
 *
 *   1. empties dist/, so no file of a removed source ships;
 *   2. compiles lib/ with `tsc -p tsconfig.build.json` (JS, declarations, the region JSON);
 *   3. writes the CDK Terrain build, dist/cdktn/ (`flycell/cdktn`), from that output;
 *   4. checks every `bin` of package.json starts with a `#!/usr/bin/env node` line;
 *   5. compiles the Fly provider emulator afresh into emulator/dist/, which ships for
 *      `flycell local` (its proto files and the provider schema ship beside it).
 *
 * The CDK Terrain build: CDK Terrain (`cdktn`) is the maintained fork of cdktf with the same API
 * under another package name. Every compiled module that loads `cdktf`, directly or through
 * other modules, and that the entry point (index.js) reaches, is copied to the same path under
 * dist/cdktn/ with the `cdktf` module specifier (and `cdktf/…` deep ones) rewritten to `cdktn`.
 * Those are lib/constructs, lib/gen and index.ts. Every other module (tenants, plan, routing,
 * review, cell) is not copied: the copies import the one in dist/, through rewritten relative
 * specifiers, so both builds share its classes (`FlycellValidationError` is one class). The
 * same is done to the `.d.ts` files. Specifiers are found by parsing each file with TypeScript,
 * never by searching text, so strings such as "cdktf.out", comments and identifiers named
 * `cdktf` are left alone. The output depends only on dist/'s content: files are visited sorted
 * and nothing else (time, paths outside dist/) goes in.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const CDKTN_DIR = "cdktn";
/** The module every build starts from; the cdktn build is the part of its graph that loads cdktf. */
export const ENTRY = "index";
export const SHEBANG = "#!/usr/bin/env node";

const FROM = "cdktf";
const TO = "cdktn";

/** The package a bare specifier names: `cdktf/lib/x` → `cdktf`, `@scope/pkg/x` → `@scope/pkg`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** A module specifier in a file, as the string literal's span (quotes excluded). */
export interface Specifier {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function isRequireOrImportCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || node.arguments.length < 1) return false;
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(node.expression) && node.expression.text === "require") return true;
  // `require.resolve("x")` names a module as well.
  return (
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === "require" &&
    node.expression.name.text === "resolve"
  );
}

/**
 * Every module specifier of a compiled `.js` or `.d.ts` file: import / export … from, `import x =
 * require()`, `require()`, `require.resolve()`, `import()`, and `import("…")` types. Only string
 * literals: a computed specifier cannot be rewritten and is left as it is.
 */
export function moduleSpecifiers(fileName: string, text: string): Specifier[] {
  const kind = fileName.endsWith(".d.ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: Specifier[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) found.push({ text: node.text, start: node.getStart(source) + 1, end: node.getEnd() - 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (isRequireOrImportCall(node)) add(node.arguments[0]);
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) add(node.name);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.sort((a, b) => a.start - b.start);
}

/** The text with each specifier replaced by `rename(specifier)` (unchanged where it returns the same). */
export function rewriteSpecifiers(fileName: string, text: string, rename: (specifier: string) => string): string {
  let out = "";
  let at = 0;
  for (const s of moduleSpecifiers(fileName, text)) {
    const renamed = rename(s.text);
    if (renamed === s.text) continue;
    if (!/^[\w@./-]+$/.test(renamed)) throw new Error(`${fileName}: refusing to write specifier ${JSON.stringify(renamed)}`);
    out += text.slice(at, s.start) + renamed;
    at = s.end;
  }
  return out + text.slice(at);
}

/** `cdktf` → `cdktn`, `cdktf/lib/x` → `cdktn/lib/x`; any other specifier unchanged. */
export function cdktnSpecifier(specifier: string): string {
  return packageOf(specifier) === FROM ? TO + specifier.slice(FROM.length) : specifier;
}

/** A compiled module: its path in dist/ without extension, e.g. `plan/plan`, `gen/providers/fly/index`. */
type ModuleId = string;

function moduleIdOf(relFile: string): ModuleId | undefined {
  if (relFile.endsWith(".d.ts")) return relFile.slice(0, -".d.ts".length);
  if (relFile.endsWith(".js")) return relFile.slice(0, -".js".length);
  return undefined;
}

/** Files under dir, relative, POSIX separators, sorted. */
function filesUnder(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, child));
    else out.push(child);
  }
  return out.sort();
}

/** The file a relative specifier resolves to, as Node (for .js) or TypeScript (for .d.ts) would. */
function resolveRelative(dist: string, fromRel: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), specifier));
  const dts = fromRel.endsWith(".d.ts");
  const candidates = dts
    ? [`${base}.d.ts`, `${base}/index.d.ts`, base.endsWith(".js") ? `${base.slice(0, -3)}.d.ts` : "", base]
    : [base, `${base}.js`, `${base}.json`, `${base}/index.js`];
  return candidates.find((c) => c !== "" && fs.existsSync(path.join(dist, c)) && fs.statSync(path.join(dist, c)).isFile());
}

interface ModuleGraph {
  /** Module → modules it names (relative specifiers that resolve to a compiled module). */
  readonly edges: Map<ModuleId, Set<ModuleId>>;
  /** Modules naming `cdktf` themselves. */
  readonly direct: Set<ModuleId>;
}

function moduleGraph(dist: string, files: readonly string[]): ModuleGraph {
  const edges = new Map<ModuleId, Set<ModuleId>>();
  const direct = new Set<ModuleId>();
  for (const rel of files) {
    const id = moduleIdOf(rel);
    if (id === undefined) continue;
    if (!edges.has(id)) edges.set(id, new Set());
    for (const s of moduleSpecifiers(rel, fs.readFileSync(path.join(dist, rel), "utf8"))) {
      if (packageOf(s.text) === FROM) direct.add(id);
      if (!s.text.startsWith(".")) continue;
      const target = resolveRelative(dist, rel, s.text);
      const targetId = target === undefined ? undefined : moduleIdOf(target);
      if (targetId !== undefined) edges.get(id)?.add(targetId);
    }
  }
  return { edges, direct };
}

/**
 * The modules the cdktn build copies: reached from the entry, and loading cdktf themselves or
 * through a module they name (in the `.js` or the `.d.ts`).
 */
export function cdktnModules(dist: string): ModuleId[] {
  const files = filesUnder(dist).filter((f) => !f.startsWith(`${CDKTN_DIR}/`));
  const { edges, direct } = moduleGraph(dist, files);
  const reached = new Set<ModuleId>();
  const stack = [ENTRY];
  while (stack.length > 0) {
    const id = stack.pop() as ModuleId;
    if (reached.has(id) || !edges.has(id)) continue;
    reached.add(id);
    stack.push(...(edges.get(id) ?? []));
  }
  const loadsCdktf = new Set(direct);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, targets] of edges) {
      if (!loadsCdktf.has(id) && [...targets].some((t) => loadsCdktf.has(t))) {
        loadsCdktf.add(id);
        grew = true;
      }
    }
  }
  return [...reached].filter((id) => loadsCdktf.has(id)).sort();
}

/**
 * Writes dist/cdktn/ from the compiled dist/ (replacing any earlier one): see the top of this
 * file. Returns the files written, relative to dist/. Throws, leaving no dist/cdktn/, when a
 * written file would still name `cdktf` or a relative specifier would not resolve.
 */
export function buildCdktn(dist: string): string[] {
  const outRoot = path.join(dist, CDKTN_DIR);
  fs.rmSync(outRoot, { recursive: true, force: true });
  if (!fs.existsSync(path.join(dist, `${ENTRY}.js`))) throw new Error(`${dist}: no ${ENTRY}.js; compile first`);
  const copied = new Set(cdktnModules(dist));
  const files = filesUnder(dist).filter((f) => {
    const id = moduleIdOf(f);
    return id !== undefined && copied.has(id);
  });
  const written: string[] = [];
  const problems: string[] = [];
  for (const rel of files) {
    const outRel = `${CDKTN_DIR}/${rel}`;
    const text = fs.readFileSync(path.join(dist, rel), "utf8");
    const rewritten = rewriteSpecifiers(rel, text, (spec) => {
      if (!spec.startsWith(".")) return cdktnSpecifier(spec);
      const target = resolveRelative(dist, rel, spec);
      if (target === undefined) {
        problems.push(`${rel}: ${spec} does not resolve in ${dist}`);
        return spec;
      }
      const targetId = moduleIdOf(target);
      if (targetId !== undefined && copied.has(targetId)) return spec; // beside it in dist/cdktn/ too
      // A shared module: the same file in dist/, named from the copy's place.
      const fromDir = path.posix.dirname(outRel);
      const targetPath = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
      const relative = path.posix.relative(fromDir, targetPath);
      return relative.startsWith(".") ? relative : `./${relative}`;
    });
    for (const s of moduleSpecifiers(outRel, rewritten)) {
      if (packageOf(s.text) === FROM) problems.push(`${outRel}: still names ${s.text}`);
    }
    fs.mkdirSync(path.dirname(path.join(dist, outRel)), { recursive: true });
    fs.writeFileSync(path.join(dist, outRel), rewritten);
    written.push(outRel);
  }
  // Relative specifiers are checked once every copy is written: a copy may name another copy.
  for (const outRel of written) {
    for (const s of moduleSpecifiers(outRel, fs.readFileSync(path.join(dist, outRel), "utf8"))) {
      if (s.text.startsWith(".") && resolveRelative(dist, outRel, s.text) === undefined) problems.push(`${outRel}: ${s.text} does not resolve`);
    }
  }
  if (problems.length > 0) {
    fs.rmSync(outRoot, { recursive: true, force: true });
    throw new Error(`cdktn build failed:\n  ${problems.join("\n  ")}`);
  }
  return written;
}

/** Problems with package.json's `bin` files in the package root: missing, or without a shebang. */
export function binProblems(root: string): { missing: string[]; noShebang: string[] } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { bin?: string | Record<string, string> };
  const bins = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
  const missing: string[] = [];
  const noShebang: string[] = [];
  for (const bin of bins) {
    const file = path.join(root, bin);
    if (!fs.existsSync(file)) missing.push(bin);
    else if (!fs.readFileSync(file, "utf8").startsWith(`${SHEBANG}\n`)) noShebang.push(bin);
  }
  return { missing, noShebang };
}

function main(): number {
  const root = path.join(__dirname, "..");
  const dist = path.join(root, "dist");
  fs.rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: "inherit",
  });
  if (tsc.status !== 0) return tsc.status ?? 1;
  const written = buildCdktn(dist);
  console.log(`build: dist/ compiled; dist/${CDKTN_DIR}/ has ${written.length} files for cdktn`);
  const { missing, noShebang } = binProblems(root);
  for (const bin of missing) console.warn(`build: warning: bin ${bin} was not built (no lib source for it yet?)`);
  if (noShebang.length > 0) {
    console.error(`build: ${noShebang.join(", ")} must start with "${SHEBANG}" (put it on the first line of the .ts source; tsc keeps it)`);
    return 1;
  }
  const emulatorDist = path.join(root, "emulator", "dist");
  fs.rmSync(emulatorDist, { recursive: true, force: true });
  const emulator = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "emulator", "tsconfig.json")], {
    cwd: root,
    stdio: "inherit",
  });
  if (emulator.status !== 0) return emulator.status ?? 1;
  console.log("build: emulator/dist/ compiled (flycell local)");
  return 0;
}

if (require.main === module) process.exitCode = main();
