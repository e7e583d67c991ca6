import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GEN_DIR, generateBindings } from "../../scripts/generate-bindings";

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("generated provider bindings", () => {
  let fresh: string;

  beforeAll(async () => {
    fresh = fs.mkdtempSync(path.join(os.tmpdir(), "bindings-"));
    await generateBindings(fresh);
  }, 60_000);

  it("are what `npm run gen` makes from schema/ampbase-fly.schema.json", () => {
    const committed = listFiles(GEN_DIR);
    expect(committed).toEqual(listFiles(fresh));
    const stale = committed.filter(
      (file) => fs.readFileSync(path.join(GEN_DIR, file), "utf8") !== fs.readFileSync(path.join(fresh, file), "utf8"),
    );
    // Non-empty means lib/gen/ was edited by hand or the schema changed: run `npm run gen`.
    expect(stale).toEqual([]);
  });

  it("pin the provider source and version constraint", () => {
    const provider = fs.readFileSync(path.join(GEN_DIR, "providers/fly/provider/index.ts"), "utf8");
    expect(provider).toContain("terraformProviderSource: 'ampbase-io/fly'");
    expect(provider).toContain("providerVersionConstraint: '~> 0.2'");
  });
});
