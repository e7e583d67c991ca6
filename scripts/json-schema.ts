/**
 * Writes the JSON Schemas of flycell's input, derived from the zod schema in
 * lib/tenants/schema.ts, for editors that check tenant lists kept as JSON or YAML:
 *   npm run schema            writes schema/tenants.schema.json and schema/fleet.schema.json
 * test/gen/json-schema-current.test.ts fails when they are out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { fleetInputSchema, tenantListSchema } from "../lib/tenants/schema";

export const JSON_SCHEMAS = {
  "tenants.schema.json": { schema: tenantListSchema, title: "flycell tenant list" },
  "fleet.schema.json": { schema: fleetInputSchema, title: "flycell fleet: settings, tenants, routing and sharding" },
};

export function renderJsonSchema(name: keyof typeof JSON_SCHEMAS): string {
  const { schema, title } = JSON_SCHEMAS[name];
  // The input side: what a user writes, with optional fields optional.
  const json = z.toJSONSchema(schema, {
    io: "input",
    // `readonly` is a TypeScript matter; in JSON Schema readOnly would tell editors not to write the field.
    override: (ctx) => {
      delete ctx.jsonSchema.readOnly;
    },
  });
  return `${JSON.stringify({ ...json, title }, null, 2)}\n`;
}

if (require.main === module) {
  for (const name of Object.keys(JSON_SCHEMAS) as (keyof typeof JSON_SCHEMAS)[]) {
    fs.writeFileSync(path.join(__dirname, "..", "schema", name), renderJsonSchema(name));
  }
}
