import { LocalBackend, PgBackend, S3Backend, TerraformBackend, TerraformStack } from "cdktf";
import { describeLocation, StateLocation } from "../plan/state-keys";

/** Terraform runs in `cdktf.out/stacks/<stack>/`: a local path relative to it reaches the project root. */
const TO_PROJECT_ROOT = "../../..";

/**
 * Gives a stack the backend of its state location. Credentials never land in the JSON: the S3
 * backend reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_ENDPOINT_URL_S3 when no
 * endpoint is set) from the environment, the pg backend its connection string from PG_CONN_STR.
 */
export function addStateBackend(stack: TerraformStack, location: StateLocation): TerraformBackend {
  const existing = stack.node.findAll().find((c) => TerraformBackend.isBackend(c));
  if (existing) {
    throw new Error(
      `stack "${stack.node.id}" already has a backend (${existing.node.path}), and fleet.stateBackend gives it ${describeLocation(location)}: ` +
        "keep one (remove the backend configureStack adds, or stateBackend)",
    );
  }
  switch (location.type) {
    case "local":
      return new LocalBackend(stack, { path: `${TO_PROJECT_ROOT}/${location.path}` });
    case "s3": {
      const compatible = !location.onAws;
      const backend = new S3Backend(stack, {
        bucket: location.bucket,
        key: location.key,
        region: location.region,
        ...(location.endpoint === undefined ? {} : { endpoints: { s3: location.endpoint } }),
        ...(location.usePathStyle ? { usePathStyle: true } : {}),
        // Outside AWS there is no STS to ask, no AWS region list, no account id.
        ...(compatible ? { skipCredentialsValidation: true, skipRegionValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: true, skipS3Checksum: true } : {}),
      });
      // Terraform 1.11's S3 lock: a conditional write of `<key>.tflock` (cdktf 0.21 has no prop for it yet).
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return backend;
    }
    case "pg": {
      // PgBackend wants a connection string; Terraform takes it from PG_CONN_STR when the JSON has none.
      const backend = new PgBackend(stack, { connStr: "", schemaName: location.schema });
      stack.addOverride("terraform.backend.pg.conn_str", undefined);
      return backend;
    }
  }
}
