/**
 * A `flycell init` project whose node_modules is what `npm install` would leave, but with flycell
 * run from this repository's sources (the package tests cover the packed tarball). Kept outside
 * the repository, so the project resolves its own packages as a user's would.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/** A fresh directory under /tmp/flycell-e2e for one test file's projects. */
export function e2eWorkDir(prefix: string): string {
  const base = path.join(path.parse(__dirname).root, "tmp", "flycell-e2e");
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, prefix));
}

/** Links the project's dependencies to this repository's, flycell (library and bin) to its sources. */
export function linkDependencies(project: string): void {
  const modules = path.join(project, "node_modules");
  fs.mkdirSync(path.join(modules, ".bin"), { recursive: true });
  for (const name of ["cdktf", "constructs", "ts-node", "typescript", "@types", "jest", "ts-jest"]) {
    fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(modules, name));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), path.join(modules, ".bin", "ts-node"));
  fs.symlinkSync(path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), path.join(modules, ".bin", "jest"));
  const flycell = path.join(modules, "flycell");
  fs.mkdirSync(flycell);
  fs.writeFileSync(path.join(flycell, "index.js"), `module.exports = require(${JSON.stringify(path.join(ROOT, "lib"))});\n`);
  // Types too: the project's jest (ts-jest) type-checks its tests.
  fs.writeFileSync(path.join(flycell, "index.d.ts"), `export * from ${JSON.stringify(path.join(ROOT, "lib"))};\n`);
  const register = path.join(ROOT, "node_modules", "ts-node", "register", "transpile-only");
  fs.writeFileSync(
    path.join(modules, ".bin", "flycell"),
    `#!/bin/sh\nTS_NODE_PROJECT=${JSON.stringify(path.join(ROOT, "tsconfig.json"))} exec ${JSON.stringify(process.execPath)} -r ${JSON.stringify(register)} ${JSON.stringify(path.join(ROOT, "lib", "cli", "main.ts"))} "$@"\n`,
    { mode: 0o755 },
  );
}
