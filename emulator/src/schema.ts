import * as fs from "fs";
import * as path from "path";

/** The vendored provider schema (`terraform providers schema -json` shape): the bindings come from the same file. */
export const SCHEMA_FILE = path.join(__dirname, "..", "..", "schema", "ampbase-fly.schema.json");

type JsonType = string | [string, JsonType] | ["object", Record<string, JsonType>];

export interface JsonAttribute {
  readonly type?: JsonType;
  readonly nested_type?: { readonly attributes: Record<string, JsonAttribute>; readonly nesting_mode: string };
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly write_only?: boolean;
}

export interface JsonBlock {
  readonly attributes?: Record<string, JsonAttribute>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: JsonBlock }>;
}

export interface JsonSchema {
  readonly version: number;
  readonly block: JsonBlock;
}

export interface ProviderSchemas {
  readonly provider: JsonSchema;
  readonly resources: Record<string, JsonSchema>;
}

export function loadSchemas(file = SCHEMA_FILE): ProviderSchemas {
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as {
    provider_schemas: Record<string, { provider: JsonSchema; resource_schemas: Record<string, JsonSchema> }>;
  };
  const [only] = Object.values(doc.provider_schemas);
  return { provider: only.provider, resources: only.resource_schemas };
}

/** A value type as the emulator walks it. `block` marks list/set blocks, which are never null (empty instead). */
export type TfType =
  | { readonly kind: "string" | "number" | "bool" | "dynamic" }
  | { readonly kind: "list" | "set" | "map"; readonly element: TfType; readonly block?: boolean }
  | { readonly kind: "object"; readonly attributes: Record<string, TfType> };

function fromJsonType(t: JsonType): TfType {
  if (typeof t === "string") return { kind: t as "string" | "number" | "bool" | "dynamic" };
  const [kind, inner] = t;
  if (kind === "object") {
    const attrs = inner as Record<string, JsonType>;
    return { kind: "object", attributes: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, fromJsonType(v)])) };
  }
  return { kind: kind as "list" | "set" | "map", element: fromJsonType(inner as JsonType) };
}

function nested(mode: string, object: TfType, block: boolean): TfType {
  if (mode === "single" || mode === "group") return object;
  return { kind: mode as "list" | "set" | "map", element: object, block };
}

export function attributeType(attr: JsonAttribute): TfType {
  if (attr.nested_type) {
    const object = objectType(attr.nested_type.attributes, {});
    return nested(attr.nested_type.nesting_mode, object, false);
  }
  return fromJsonType(attr.type ?? "dynamic");
}

function objectType(attributes: Record<string, JsonAttribute>, blocks: NonNullable<JsonBlock["block_types"]>): TfType {
  const out: Record<string, TfType> = {};
  for (const [name, attr] of Object.entries(attributes)) out[name] = attributeType(attr);
  for (const [name, bt] of Object.entries(blocks)) out[name] = nested(bt.nesting_mode, blockType(bt.block), true);
  return { kind: "object", attributes: out };
}

/** The object type a block's values have: its attributes and nested blocks. */
export function blockType(block: JsonBlock): TfType {
  return objectType(block.attributes ?? {}, block.block_types ?? {});
}

// --- The protocol's Schema message, built from the JSON ---------------------------------------

const NESTING: Record<string, number> = { single: 1, list: 2, set: 3, map: 4, group: 5 };

function protoAttribute(name: string, attr: JsonAttribute): object {
  return {
    name,
    type: attr.type === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(attr.type)),
    nested_type: attr.nested_type
      ? {
          attributes: Object.entries(attr.nested_type.attributes).map(([n, a]) => protoAttribute(n, a)),
          nesting: NESTING[attr.nested_type.nesting_mode],
        }
      : undefined,
    required: attr.required ?? false,
    optional: attr.optional ?? false,
    computed: attr.computed ?? false,
    sensitive: attr.sensitive ?? false,
    write_only: attr.write_only ?? false,
  };
}

function protoBlock(block: JsonBlock): object {
  return {
    attributes: Object.entries(block.attributes ?? {}).map(([n, a]) => protoAttribute(n, a)),
    block_types: Object.entries(block.block_types ?? {}).map(([n, bt]) => ({
      type_name: n,
      block: protoBlock(bt.block),
      nesting: NESTING[bt.nesting_mode],
    })),
  };
}

export function protoSchema(schema: JsonSchema): object {
  return { version: schema.version, block: protoBlock(schema.block) };
}
