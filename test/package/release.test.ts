/**
 * What RELEASING.md states that the repository can show: the version agrees with CHANGELOG.md,
 * the steps name the commands they say, and `npm pack --dry-run` lists what a release ships.
 */
import * as fs from "fs";
import * as path from "path";
import { npm, packFlycell, ROOT, tarballFiles } from "./helper";

jest.setTimeout(600_000);

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const pkg = JSON.parse(read("package.json")) as { version: string; bin: Record<string, string>; files: string[] };

/** CHANGELOG.md's `## X.Y.Z - <date or Unreleased>` headings, top first. */
function releases(changelog: string): { version: string; date: string }[] {
  return [...changelog.matchAll(/^## (\S+) - (.+)$/gm)].map((m) => ({ version: m[1], date: m[2].trim() }));
}

const parts = (version: string) => version.split(".").map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

describe("CHANGELOG.md and package.json", () => {
  const headings = releases(read("CHANGELOG.md"));

  it("package.json's version is the top heading's, released or Unreleased", () => {
    expect(headings.length).toBeGreaterThan(0);
    expect(headings[0].version).toBe(pkg.version);
    expect(headings[0].date).toMatch(/^(Unreleased|\d{4}-\d{2}-\d{2})$/);
  });

  it("only the top heading may be Unreleased; the others are dated, newest first", () => {
    for (const h of headings.slice(1)) expect(h.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (let i = 1; i < headings.length; i++) expect(newer(headings[i - 1].version, headings[i].version)).toBe(true);
  });
});

describe("RELEASING.md", () => {
  const text = read("RELEASING.md");

  it.each(["npm version X.Y.Z --no-git-tag-version", "npm pack --dry-run", "git tag -a vX.Y.Z", "npm publish --provenance", "## X.Y.Z - Unreleased", "id-token: write"])(
    "names %s",
    (step) => expect(text).toContain(step),
  );

  it("names every entry of package.json's files as what ships", () => {
    for (const entry of pkg.files) expect(text).toContain(entry.replace(/^(dist|emulator\/dist|emulator\/proto|schema)$/, "$1/"));
  });
});

describe("npm pack --dry-run of a clean clone", () => {
  let listed: string[];
  let tarball: string;

  beforeAll(async () => {
    tarball = await packFlycell();
    // The clone packFlycell packed, already built: --ignore-scripts lists without building again.
    const out = npm(["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], path.join(path.dirname(tarball), "clone")).stdout;
    const [{ files }] = JSON.parse(out.slice(out.indexOf("["))) as { files: { path: string }[] }[];
    listed = files.map((f) => f.path).sort();
  });

  it("lists exactly what the tarball holds", () => {
    expect(listed).toEqual(tarballFiles(tarball));
  });

  it("lists the flycell bin, the library, the emulator flycell local runs and the schemas", () => {
    expect(pkg.bin.flycell).toBe("dist/cli/main.js");
    for (const file of ["dist/cli/main.js", "dist/index.js", "dist/cdktn/index.js", "emulator/dist/main.js", "emulator/dist/install.js", "emulator/proto/tfplugin6.proto", "schema/ampbase-fly.schema.json"]) {
      expect(listed).toContain(file);
    }
  });

  it("lists no tests, sources, secrets, state or Terraform working files", () => {
    const forbidden = /(^|\/)(test|tests|__tests__|lib|src|stacks|scripts|\.github|node_modules)\/|(^|\/)(\.env[^/]*|\.npmrc|id_rsa[^/]*|[^/]*\.(pem|key|p12|tfstate|tfvars)|terraform\.rc|\.terraform[^/]*|fly\.json)$|\.test\.[jt]s$/;
    expect(listed.filter((f) => forbidden.test(f))).toEqual([]);
  });
});
