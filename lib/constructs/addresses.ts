import { Construct } from "constructs";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Ip } from "../gen/providers/fly/ip";
import { IpType } from "../tenants/schema";

/**
 * Allocates an app's addresses. Apps created through Fly's API get none by themselves.
 * Construct ids derive from the address type, so the list's order does not matter.
 */
export function allocateAddresses(scope: Construct, app: FlyApp, types: readonly IpType[], network?: string): Ip[] {
  return [...types].sort().map(
    (type) =>
      new Ip(scope, `ip-${type}`, {
        app: app.name,
        type,
        // Only flycast (private_v6) addresses live on a network; the others must not name one.
        network: type === "private_v6" ? network : undefined,
      }),
  );
}
