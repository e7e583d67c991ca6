/**
 * Generates the TypeScript bindings for the Fly provider from the vendored schema.
 *
 *   npm run gen                 writes lib/gen/
 *   ts-node scripts/generate-bindings.ts <dir>   writes to <dir> (used by the freshness test)
 */
import * as fs from "fs";
import * as path from "path";
import { CodeMaker, TerraformProviderGenerator } from "@cdktf/provider-generator";
import {
  ConstructsMakerProviderTarget,
  LANGUAGES,
  ProviderSchema,
  TerraformProviderConstraint,
} from "@cdktf/commons";

export const PROVIDER_SOURCE = "ampbase-io/fly";
export const PROVIDER_VERSION = "~> 0.2";
export const SCHEMA_FILE = path.join(__dirname, "..", "schema", "ampbase-fly.schema.json");
export const GEN_DIR = path.join(__dirname, "..", "lib", "gen");

export async function generateBindings(outDir: string): Promise<void> {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as ProviderSchema;
  const code = new CodeMaker();
  code.indentation = 2;
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint({
    name: "fly",
    source: PROVIDER_SOURCE,
    version: PROVIDER_VERSION,
  });
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));
  fs.rmSync(outDir, { recursive: true, force: true });
  await generator.save(outDir);
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? GEN_DIR);
  generateBindings(outDir).then(
    () => console.log(`bindings written to ${path.relative(process.cwd(), outDir) || "."}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
