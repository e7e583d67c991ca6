import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { JSON_SCHEMAS, renderJsonSchema } from "../../scripts/json-schema";

const SCHEMA_DIR = path.join(__dirname, "..", "..", "schema");
const names = Object.keys(JSON_SCHEMAS) as (keyof typeof JSON_SCHEMAS)[];

describe("JSON Schemas for editors (npm run schema)", () => {
  it.each(names)("schema/%s is current", (name) => {
    expect(fs.readFileSync(path.join(SCHEMA_DIR, name), "utf8")).toBe(renderJsonSchema(name));
  });

  it("accepts a tenant list kept as JSON and refuses a misspelt field or a wrong type", () => {
    const tenants = z.fromJSONSchema(JSON.parse(renderJsonSchema("tenants.schema.json")));
    expect(tenants.safeParse([{ id: "acme", region: "ams", hostnames: ["app.acme.com"], guest: { cpus: 2, memoryMb: 512 } }]).success).toBe(true);
    expect(tenants.safeParse([{ id: "acme", regoin: "ams" }]).success).toBe(false);
    expect(tenants.safeParse([{ id: "acme", region: "ams", volumeSizeGb: "10" }]).success).toBe(false);
    expect(tenants.safeParse([{ id: "Acme", region: "ams" }]).success).toBe(false);
  });
});
