/**
 * Derives schema/fly-machines-openapi.json from Fly's published Machines API OpenAPI document:
 * only the operations the emulated Machines API answers (emulator/src/machines-api/routes.ts) and
 * the schemas they use, structure only (names, types, enums, nesting; no descriptions or examples).
 *
 *   ts-node --transpile-only scripts/vendor-machines-openapi.ts <openapi.json> --source <url> --fetched <YYYY-MM-DD>
 *
 * The input is Fly's OpenAPI 3 document (https://docs.machines.dev, also kept in the superfly/docs
 * repository as machines-api/openapi.json), or an excerpt of it with the same shape.
 * test/emulator/machines-api-spec.test.ts checks the server's routes and answers against the output.
 */
import * as fs from "fs";
import * as path from "path";
import { ROUTES } from "../emulator/src/machines-api/routes";

export const VENDORED_FILE = path.join(__dirname, "..", "schema", "fly-machines-openapi.json");

/** Schemas kept with their structure; a reference to any other becomes a plain object. */
const KEPT_SCHEMAS = [
  "Machine",
  "CheckStatus",
  "ImageRef",
  "MachineEvent",
  "StrippedLease",
  "fly.MachineConfig",
  "fly.MachineGuest",
  "fly.MachineMount",
  "fly.MachineRestart",
  "Volume",
  "VolumeSnapshot",
  "CreateVolumeRequest",
  "StopRequest",
  "ErrorResponse",
  "main.statusCode",
];

/** The keys of a schema or an operation that are structure; the rest (descriptions, examples, tags) is dropped. */
const STRUCTURE_KEYS = new Set([
  "type",
  "properties",
  "items",
  "$ref",
  "enum",
  "additionalProperties",
  "allOf",
  "required",
  "nullable",
  "format",
  "name",
  "in",
  "schema",
  "parameters",
  "requestBody",
  "responses",
  "content",
  "headers",
  "operationId",
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const REF = "#/components/schemas/";

/** Keys whose value is a map of names (properties, media types, headers, statuses): every name is kept. */
const NAME_MAPS = new Set(["properties", "content", "headers", "responses"]);

const mapValues = (o: JsonObject, f: (v: Json, k: string) => Json): JsonObject => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v, k)]));

/** `value` with only its structure; a reference to a schema that is not kept becomes a plain object. */
function structure(value: Json): Json {
  if (Array.isArray(value)) return value.map(structure);
  if (!isObject(value)) return value;
  if (typeof value.$ref === "string" && value.$ref.startsWith(REF) && !KEPT_SCHEMAS.includes(value.$ref.slice(REF.length))) {
    return { type: "object" };
  }
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (!STRUCTURE_KEYS.has(key)) continue;
    if (key === "responses" && isObject(v)) {
      // OpenAPI requires a response's description: its status's name is kept.
      out[key] = mapValues(v, (r) => (isObject(r) ? { description: typeof r.description === "string" ? r.description : "", ...(structure(r) as JsonObject) } : r));
    } else out[key] = NAME_MAPS.has(key) && isObject(v) ? mapValues(v, structure) : structure(v);
  }
  return out;
}

export function vendor(upstream: JsonObject, provenance: { source: string; fetched: string }): JsonObject {
  const paths = isObject(upstream.paths) ? upstream.paths : {};
  const schemas = isObject(upstream.components) && isObject(upstream.components.schemas) ? upstream.components.schemas : {};
  const keptPaths: JsonObject = {};
  for (const route of ROUTES) {
    const operation = isObject(paths[route.path]) ? (paths[route.path] as JsonObject)[route.method.toLowerCase()] : undefined;
    if (!isObject(operation)) throw new Error(`${route.method} ${route.path} is not in the upstream document: the emulator answers a call Fly does not publish`);
    const at = (keptPaths[route.path] ??= {}) as JsonObject;
    at[route.method.toLowerCase()] = structure(operation);
  }
  const keptSchemas: JsonObject = {};
  for (const name of KEPT_SCHEMAS) {
    const schema = schemas[name];
    if (!isObject(schema)) throw new Error(`schema ${name} is not in the upstream document`);
    keptSchemas[name] = structure(schema);
  }
  return {
    openapi: typeof upstream.openapi === "string" ? upstream.openapi : "3.0.1",
    info: {
      title: "Fly Machines API: the operations flycell's emulator answers (structure only)",
      version: isObject(upstream.info) && typeof upstream.info.version === "string" ? upstream.info.version : "",
      "x-flycell-vendored": {
        source: provenance.source,
        fetched: provenance.fetched,
        note: "Structure only, derived by scripts/vendor-machines-openapi.ts: paths, methods, parameters and schemas; descriptions and examples removed. Fly's document is the authority.",
      },
    },
    servers: [{ url: "https://api.machines.dev" }],
    paths: keptPaths,
    components: { schemas: keptSchemas },
  };
}

function main(argv: string[]): number {
  const [input, ...rest] = argv;
  const opt = (name: string) => {
    const i = rest.indexOf(name);
    return i === -1 ? undefined : rest[i + 1];
  };
  const source = opt("--source");
  const fetched = opt("--fetched");
  if (!input || !source || !fetched || !/^\d{4}-\d{2}-\d{2}$/.test(fetched)) {
    console.error("usage: vendor-machines-openapi.ts <openapi.json> --source <url> --fetched <YYYY-MM-DD>");
    return 2;
  }
  const upstream = JSON.parse(fs.readFileSync(input, "utf8")) as Json;
  if (!isObject(upstream)) throw new Error(`${input} is not an OpenAPI document`);
  fs.writeFileSync(VENDORED_FILE, `${JSON.stringify(vendor(upstream, { source, fetched }), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), VENDORED_FILE)}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
