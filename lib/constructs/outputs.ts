import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";

/**
 * A fleet output under its documented name. cdktf names an output nested in a construct after
 * its path plus a hash (`fleet_routing_table_9A99520E`); the README and the CLI read `cells`,
 * `routing_table` and `released_volumes`, so the name is fixed here.
 */
export function fleetOutput(scope: Construct, name: string, value: unknown, description: string): TerraformOutput {
  const output = new TerraformOutput(scope, name, { value, description });
  output.overrideLogicalId(name);
  return output;
}
