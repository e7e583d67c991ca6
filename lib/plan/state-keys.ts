import { ProblemList } from "../tenants/errors";
import { StateBackend } from "../tenants/schema";

/**
 * Where each stack's Terraform state lives, derived from the fleet's one `stateBackend`: a
 * file, an S3 key or a PostgreSQL schema of its own per stack. Two stacks on one state would
 * each plan to destroy the other's resources, volumes included, so a clash is refused.
 */
export type StateLocation =
  | { readonly type: "local"; readonly path: string }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly endpoint?: string;
      readonly usePathStyle: boolean;
      readonly onAws: boolean;
    }
  | { readonly type: "pg"; readonly schema: string };

/** PostgreSQL cuts identifiers at 63 bytes: two longer schema names could become one. */
export const PG_IDENTIFIER_MAX = 63;
/** Tigris's region; AWS buckets name theirs. */
export const DEFAULT_S3_REGION = "auto";

/** A stack's state file name: `terraform.<stack>.tfstate`, as cdktf's default names it. */
export const stateFileOf = (stack: string) => `terraform.${stack}.tfstate`;

/** The schema a stack's state goes in: the prefix and the stack id, lowercased, "-" and "." as "_". */
export const pgSchemaOf = (prefix: string, stack: string) => `${prefix}_${stack}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");

/** The state location of one stack. `appName` is the default prefix. */
export function stateLocationOf(backend: StateBackend, appName: string, stack: string): StateLocation {
  switch (backend.type) {
    case "local":
      return { type: "local", path: backend.directory === undefined ? stateFileOf(stack) : `${backend.directory}/${stateFileOf(stack)}` };
    case "s3":
      return {
        type: "s3",
        bucket: backend.bucket,
        key: `${backend.prefix ?? appName}/${stack}.tfstate`,
        region: backend.region ?? DEFAULT_S3_REGION,
        endpoint: backend.endpoint,
        usePathStyle: backend.usePathStyle ?? false,
        onAws: backend.onAws ?? false,
      };
    case "pg":
      return { type: "pg", schema: pgSchemaOf(backend.schemaPrefix ?? appName.replace(/-/g, "_"), stack) };
  }
}

/** What names a location, for finding two stacks on one state (case-folded: a file system or a person may fold it). */
function identityOf(location: StateLocation): string {
  switch (location.type) {
    case "local":
      return `file ${location.path.toLowerCase()}`;
    case "s3":
      return `s3://${location.bucket}/${location.key.toLowerCase()}`;
    case "pg":
      return `schema ${location.schema}`;
  }
}

/** Where a location is, in words for a refusal. */
export function describeLocation(location: StateLocation): string {
  switch (location.type) {
    case "local":
      return `file "${location.path}"`;
    case "s3":
      return `s3://${location.bucket}/${location.key}`;
    case "pg":
      return `PostgreSQL schema "${location.schema}"`;
  }
}

/** Every stack's location; a problem for each pair of stacks that would share one, and for a schema PostgreSQL would cut. */
export function collectStateKeyProblems(backend: StateBackend, appName: string, stacks: Iterable<string>, problems: ProblemList): Map<string, StateLocation> {
  const locations = new Map<string, StateLocation>();
  const owners = new Map<string, string>();
  for (const stack of [...new Set(stacks)].sort()) {
    const location = stateLocationOf(backend, appName, stack);
    locations.set(stack, location);
    if (location.type === "pg" && location.schema.length > PG_IDENTIFIER_MAX) {
      problems.add(
        "fleet",
        "stateBackend.schemaPrefix",
        `gives stack "${stack}" the schema "${location.schema}", ${location.schema.length} characters; PostgreSQL keeps ${PG_IDENTIFIER_MAX}: choose a shorter prefix`,
      );
      continue; // refused already: the clashes its truncation makes say nothing more
    }
    const identity = identityOf(location);
    const other = owners.get(identity);
    if (other === undefined) owners.set(identity, stack);
    else {
      problems.add(
        "fleet",
        "stateBackend",
        `gives stacks "${other}" and "${stack}" one state (${describeLocation(location)}): each would plan to destroy the other's resources; every stack needs its own`,
      );
    }
  }
  return locations;
}
