import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const LIB = path.join(__dirname, "..", "..", "lib");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Module specifiers a file imports, re-exports or requires (as TypeScript reads them), and whether type-only. */
function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
      found.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.getText(source) === "require" && ts.isStringLiteral(node.arguments[0])) {
      found.push({ spec: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
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
