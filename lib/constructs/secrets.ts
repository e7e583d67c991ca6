import { Fn, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Secret } from "../gen/providers/fly/secret";
import { SecretSpec } from "../tenants/schema";
import { literal } from "./literal";

/**
 * The Terraform variable holding a secret's value: `secret_<NAME>` for the fleet,
 * `secret_<tenant id, - as _>_<NAME>` for a tenant, so it can be set as the environment
 * variable `TF_VAR_<variable>` where `cdktf deploy` runs. Tenant ids are lower-case and
 * secret names upper-case, so these never collide.
 */
export function secretVariableName(name: string, tenantId?: string): string {
  return tenantId ? `secret_${tenantId.replace(/-/g, "_")}_${name}` : `secret_${name}`;
}

/** Declares the sensitive, ephemeral variable for a secret; its value never enters the JSON, a plan or state. */
export function secretVariable(scope: Construct, variableName: string): TerraformVariable {
  const variable = new TerraformVariable(scope, variableName, {
    type: "string",
    sensitive: true,
    nullable: false,
    description: `Secret value (write-only on Fly); set TF_VAR_${variableName}`,
  });
  variable.overrideLogicalId(variableName);
  // Ephemeral (Terraform >= 1.10): the value is kept out of saved plans and `terraform show -json`
  // too, not only out of state. Write-only arguments accept ephemeral values; cdktf has no prop for it.
  variable.addOverride("ephemeral", true);
  return variable;
}

/** Sets secrets on an app with the provider's write-only value; ids derive from the names. */
export function setSecrets(
  scope: Construct,
  app: FlyApp,
  secrets: Readonly<Record<string, SecretSpec>>,
  valueOf: (name: string) => string,
): Secret[] {
  return Object.keys(secrets)
    .sort()
    .map(
      (name) =>
        new Secret(scope, `secret-${name}`, {
          app: app.name,
          name,
          valueWo: valueOf(name),
          valueWoVersion: literal(secrets[name].version),
        }),
    );
}

/** The machine waits for the newest of its app's secrets, so a rotation restarts it with the new value. */
export function minSecretsVersion(secrets: readonly Secret[]): number | undefined {
  if (secrets.length === 0) return undefined;
  if (secrets.length === 1) return secrets[0].version;
  return Token.asNumber(Fn.max(secrets.map((s) => s.version)));
}
