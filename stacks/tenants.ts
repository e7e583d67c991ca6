import type { TenantSpec } from "../lib";

/**
 * The fleet's tenants: one line per customer, one cell each. Adding a customer is adding a
 * line. Order does not matter. Never delete a deployed tenant's line: its volume holds the
 * customer's data.
 */
export const tenants: readonly TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord", hostnames: ["app.globex.com"] },
  { id: "initech", region: "syd", guest: { cpus: 2, memoryMb: 1024 }, volumeSizeGb: 3 },
];
