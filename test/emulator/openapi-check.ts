/**
 * A small structural check of JSON values against the OpenAPI 3.0 schemas in the vendored Machines
 * API spec: types, enums, arrays, `$ref`, `allOf`, and that an object holds no field its schema
 * does not declare (unless it allows additional properties).
 */
import * as fs from "fs";
import * as path from "path";

export interface OpenApiSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly items?: OpenApiSchema;
  readonly $ref?: string;
  readonly allOf?: readonly OpenApiSchema[];
  readonly enum?: readonly unknown[];
}

export interface OpenApiOperation {
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, { readonly schema?: OpenApiSchema }>> };
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, { readonly schema?: OpenApiSchema }>> }>>;
}

export interface OpenApiSpec {
  readonly info: { readonly "x-flycell-vendored"?: { readonly source?: string; readonly fetched?: string } };
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, OpenApiSchema>> };
}

export const SPEC_FILE = path.join(__dirname, "..", "..", "schema", "fly-machines-openapi.json");

export function loadSpec(): OpenApiSpec {
  return JSON.parse(fs.readFileSync(SPEC_FILE, "utf8")) as OpenApiSpec;
}

export function schemaNamed(spec: OpenApiSpec, name: string): OpenApiSchema {
  const schema = spec.components.schemas[name];
  if (!schema) throw new Error(`the vendored spec has no schema ${name}`);
  return schema;
}

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Where `value` departs from `schema`, as `$.path: problem` lines (none when it conforms). A field
 * set to null passes: Fly's spec comes from Go, which sends null for an unset pointer (a detached
 * volume's `attached_machine_id`) without marking the field nullable.
 */
export function problems(spec: OpenApiSpec, value: unknown, schema: OpenApiSchema, at = "$"): string[] {
  if (schema.$ref) return problems(spec, value, schemaNamed(spec, schema.$ref.replace("#/components/schemas/", "")), at);
  const out = (schema.allOf ?? []).flatMap((s) => problems(spec, value, s, at));
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case undefined:
      break;
    case "object": {
      if (typeOf(value) !== "object") return [...out, `${at}: expected an object, got ${typeOf(value)}`];
      const fields = value as Record<string, unknown>;
      for (const [key, v] of Object.entries(fields)) {
        const declared = schema.properties?.[key];
        if (v === null) continue;
        if (declared) out.push(...problems(spec, v, declared, `${at}.${key}`));
        else if (typeof schema.additionalProperties === "object") out.push(...problems(spec, v, schema.additionalProperties, `${at}.${key}`));
        else if (schema.properties && schema.additionalProperties !== true) out.push(`${at}.${key}: not a field of the schema`);
      }
      break;
    }
    case "array":
      if (!Array.isArray(value)) return [...out, `${at}: expected an array, got ${typeOf(value)}`];
      if (schema.items) value.forEach((v, i) => out.push(...problems(spec, v, schema.items as OpenApiSchema, `${at}[${i}]`)));
      break;
    case "integer":
      if (!Number.isInteger(value)) out.push(`${at}: expected an integer, got ${JSON.stringify(value)}`);
      break;
    case "number":
    case "string":
    case "boolean":
      if (typeOf(value) !== schema.type) out.push(`${at}: expected a ${schema.type}, got ${typeOf(value)}`);
      break;
    default:
      out.push(`${at}: the checker does not know type ${schema.type}`);
  }
  return out;
}
