import * as fs from "fs";
import * as path from "path";

const LIB = path.join(__dirname, "..", "..", "lib");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Module specifiers a file imports or re-exports, with whether the import is type-only. */
function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const text = fs.readFileSync(file, "utf8");
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)) {
    found.push({ spec: m[3], typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/require\("([^"]+)"\)/g)) found.push({ spec: m[1], typeOnly: false });
  return found;
}

const layerOf = (file: string) => path.relative(LIB, file).split(path.sep)[0];
const files = sources(LIB).filter((f) => layerOf(f) !== "gen");

describe("layers (DESIGN: only constructs/ and gen/ know cdktf)", () => {
  it.each(files.map((f) => [path.relative(LIB, f), f]))("%s", (_name, file) => {
    const layer = layerOf(file);
    for (const { spec, typeOnly } of importsOf(file)) {
      const cdk = spec === "cdktf" || spec.startsWith("cdktf/") || spec === "constructs";
      if (cdk && layer !== "constructs") throw new Error(`${spec} imported outside lib/constructs`);
      if (!spec.startsWith(".")) continue;
      const target = layerOf(path.resolve(path.dirname(file), spec));
      if (layer === "cell" && target !== "cell" && !typeOnly) {
        throw new Error(`cell/ loads ${spec}: the cell runtime may only import types from other layers`);
      }
      if (target === "constructs" || target === "gen") {
        if (!["constructs", "index.ts"].includes(layer)) throw new Error(`${layer}/ imports the construct layer (${spec})`);
      }
    }
  });
});
