/**
 * The CDK Terrain build (scripts/build-package.ts): dist/cdktn/ is the part of dist/ that loads
 * cdktf, with `cdktf` module specifiers rewritten to `cdktn`, sharing everything else.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { binProblems, buildCdktn, cdktnModules, cdktnSpecifier, moduleSpecifiers, rewriteSpecifiers, SHEBANG } from "../../scripts/build-package";
import { PACKAGE_TMP, ROOT } from "./helper";

jest.setTimeout(120_000);

const WORK = path.join(PACKAGE_TMP, `cdktn-build-${process.pid}`);

function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

/** Every file under dir with its content, by relative path. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(dir, child), "utf8");
    }
  };
  walk("");
  return out;
}

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

describe("specifier rewriting", () => {
  it("rewrites the cdktf package and its deep imports, nothing else", () => {
    expect(cdktnSpecifier("cdktf")).toBe("cdktn");
    expect(cdktnSpecifier("cdktf/lib/testing/adapters/jest")).toBe("cdktn/lib/testing/adapters/jest");
    for (const other of ["cdktf-cli", "@cdktf/provider-generator", "constructs", "./cdktf", "../cdktf/x", "cdktfx", "cdktn"]) {
      expect(cdktnSpecifier(other)).toBe(other);
    }
  });

  it("changes only module specifiers in JavaScript: not strings, comments, templates or identifiers", () => {
    const js = [
      `"use strict";`,
      `const cdktf = __importStar(require("cdktf")); // require("cdktf") in a comment`,
      `const testing = require('cdktf/lib/testing');`,
      `const cli = require("cdktf-cli"), gen = require("@cdktf/provider-generator");`,
      `const outdir = "cdktf.out", pkg = "cdktf", tpl = \`require("cdktf")\`;`,
      `/* import("cdktf") */ const later = import("cdktf");`,
      `const where = require.resolve("cdktf/package.json");`,
      `cdktf.Fn.join(",", []);`,
    ].join("\n");
    expect(rewriteSpecifiers("x.js", js, cdktnSpecifier)).toBe(
      [
        `"use strict";`,
        `const cdktf = __importStar(require("cdktn")); // require("cdktf") in a comment`,
        `const testing = require('cdktn/lib/testing');`,
        `const cli = require("cdktf-cli"), gen = require("@cdktf/provider-generator");`,
        `const outdir = "cdktf.out", pkg = "cdktf", tpl = \`require("cdktf")\`;`,
        `/* import("cdktf") */ const later = import("cdktn");`,
        `const where = require.resolve("cdktn/package.json");`,
        `cdktf.Fn.join(",", []);`,
      ].join("\n"),
    );
  });

  it("changes import, export and import() type specifiers in declarations", () => {
    const dts = [
      `import { Construct } from "constructs";`,
      `import * as cdktf from "cdktf";`,
      `export { TerraformStack } from "cdktf/lib/terraform-stack";`,
      `import type { App } from 'cdktf';`,
      `export declare function stack(): import("cdktf").TerraformStack;`,
      `/** Writes to "cdktf.out"; see cdktf's docs. */`,
      `export declare const OUT = "cdktf.out";`,
    ].join("\n");
    const out = rewriteSpecifiers("x.d.ts", dts, cdktnSpecifier);
    expect(moduleSpecifiers("x.d.ts", out).map((s) => s.text)).toEqual(["constructs", "cdktn", "cdktn/lib/terraform-stack", "cdktn", "cdktn"]);
    expect(out).toContain(`/** Writes to "cdktf.out"; see cdktf's docs. */`);
    expect(out).toContain(`export declare const OUT = "cdktf.out";`);
  });
});

describe("buildCdktn on a small dist/", () => {
  const dist = path.join(WORK, "small", "dist");
  beforeAll(() => {
    write(dist, {
      "index.js": `exports.a = require("./lib/a"); exports.pure = require("./pure"); exports.data = require("./data.json");`,
      "index.d.ts": `export * from "./lib/a";\nexport * from "./pure";\n`,
      "lib/a.js": `exports.b = require("./b"); exports.pure = require("../pure");`,
      "lib/a.d.ts": `export { B } from "./b";\nexport type P = import("../pure").P;\n`,
      "lib/b.js": `const x = require("cdktf/lib/x"); exports.B = x;`,
      "lib/b.d.ts": `export declare const B: typeof import("cdktf/lib/x");\n`,
      "pure.js": `exports.out = "cdktf.out";`,
      "pure.d.ts": `export type P = "cdktf.out";\n`,
      "data.json": `{}`,
      "cli/main.js": `require("cdktf"); require("../lib/a");`,
    });
  });

  it("copies what the entry reaches and loads cdktf (through other modules too), and nothing else", () => {
    expect(cdktnModules(dist)).toEqual(["index", "lib/a", "lib/b"]);
    expect(buildCdktn(dist)).toEqual(["cdktn/index.d.ts", "cdktn/index.js", "cdktn/lib/a.d.ts", "cdktn/lib/a.js", "cdktn/lib/b.d.ts", "cdktn/lib/b.js"]);
  });

  it("points the copies at each other and at the shared modules in dist/", () => {
    const out = tree(path.join(dist, "cdktn"));
    expect(out["index.js"]).toBe(`exports.a = require("./lib/a"); exports.pure = require("../pure"); exports.data = require("../data.json");`);
    expect(out["index.d.ts"]).toBe(`export * from "./lib/a";\nexport * from "../pure";\n`);
    expect(out["lib/a.js"]).toBe(`exports.b = require("./b"); exports.pure = require("../../pure");`);
    expect(out["lib/a.d.ts"]).toBe(`export { B } from "./b";\nexport type P = import("../../pure").P;\n`);
    expect(out["lib/b.js"]).toBe(`const x = require("cdktn/lib/x"); exports.B = x;`);
    expect(out["lib/b.d.ts"]).toBe(`export declare const B: typeof import("cdktn/lib/x");\n`);
  });

  it("refuses, writing nothing, when a specifier does not resolve", () => {
    const broken = path.join(WORK, "broken", "dist");
    write(broken, { "index.js": `require("cdktf"); require("./missing");` });
    expect(() => buildCdktn(broken)).toThrow(/index\.js: \.\/missing does not resolve/);
    expect(fs.existsSync(path.join(broken, "cdktn"))).toBe(false);
  });
});

describe("buildCdktn on the compiled library", () => {
  const distA = path.join(WORK, "a", "dist");
  const distB = path.join(WORK, "elsewhere", "b", "dist");
  let written: string[];

  beforeAll(() => {
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", distA], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    fs.cpSync(distA, distB, { recursive: true });
    written = buildCdktn(distA);
  });

  it("copies index, the constructs and the generated bindings, and no pure layer", () => {
    const copied = new Set(written.map((f) => f.replace(/^cdktn\//, "").split("/")[0]));
    // require-peers: the cdktn copy names cdktn as what to install (it tells the builds apart by its directory).
    expect([...copied].sort()).toEqual(["constructs", "gen", "index.d.ts", "index.js", "require-peers.d.ts", "require-peers.js"]);
    expect(written).toEqual(expect.arrayContaining(["cdktn/index.js", "cdktn/constructs/fleet.js", "cdktn/gen/providers/fly/machine/index.js", "cdktn/gen/providers/fly/machine/index.d.ts"]));
  });

  it("leaves no cdktf specifier in dist/cdktn/, and the cdktf build as it was", () => {
    for (const file of written) {
      const specs = moduleSpecifiers(file, fs.readFileSync(path.join(distA, file), "utf8")).map((s) => s.text);
      expect(specs.filter((s) => s === "cdktf" || s.startsWith("cdktf/"))).toEqual([]);
    }
    const original = tree(distA);
    const before = tree(distB);
    for (const [file, text] of Object.entries(before)) expect(original[file]).toBe(text);
  });

  it("is deterministic: the same bytes on a rerun and from another directory", () => {
    const first = tree(path.join(distA, "cdktn"));
    buildCdktn(distA);
    expect(tree(path.join(distA, "cdktn"))).toEqual(first);
    buildCdktn(distB);
    expect(tree(path.join(distB, "cdktn"))).toEqual(first);
  });

  it("loads (with cdktn standing in as cdktf) with the same exports, sharing the pure modules' classes", () => {
    // cdktn is API-compatible and not installed here: resolve it to cdktf for this check.
    const script = `
      const Module = require("module");
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        if (request === "cdktn" || request.startsWith("cdktn/")) request = "cdktf" + request.slice(5);
        return resolve.call(this, request, ...rest);
      };
      const cdktf = require(${JSON.stringify(path.join(distA, "index.js"))});
      const cdktn = require(${JSON.stringify(path.join(distA, "cdktn", "index.js"))});
      process.stdout.write(JSON.stringify({
        cdktf: Object.keys(cdktf).sort(),
        cdktn: Object.keys(cdktn).sort(),
        sameError: cdktf.FlycellValidationError === cdktn.FlycellValidationError,
        samePlan: cdktf.planFleet === cdktn.planFleet,
        ownFleet: cdktf.CellFleet !== cdktn.CellFleet,
        ownBindings: cdktf.fly.machine.Machine !== cdktn.fly.machine.Machine,
      }));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    const result = JSON.parse(r.stdout);
    expect(result.cdktn).toEqual(result.cdktf);
    expect(result).toMatchObject({ sameError: true, samePlan: true, ownFleet: true, ownBindings: true });
  });
});

describe("bin files", () => {
  it("are reported when missing or without a shebang", () => {
    const root = path.join(WORK, "bins");
    write(root, {
      "package.json": JSON.stringify({ bin: { ok: "dist/ok.js", bare: "dist/bare.js", gone: "dist/gone.js" } }),
      "dist/ok.js": `${SHEBANG}\n"use strict";\n`,
      "dist/bare.js": `"use strict";\n`,
    });
    expect(binProblems(root)).toEqual({ missing: ["dist/gone.js"], noShebang: ["dist/bare.js"] });
  });
});
