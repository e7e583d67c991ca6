export * from "./constructs";
export { FlycellValidationError, Problem } from "./tenants/errors";
export { FLY_REGIONS, FLY_REGIONS_AS_OF, FLY_REGIONS_SOURCE, isFlyRegion } from "./tenants/regions";
export { CpuKind, GuestSpec, RegionMove, SecretSpec, TenantSpec, TenantStatus, TENANT_STATUSES } from "./tenants/spec";
export { validateTenants, TenantRules } from "./tenants/validate";
export {
  planFleet,
  PlanOptions,
  CellSpec,
  FleetPlan,
  OwnAppSpec,
  TENANT_ID_ENV,
  DATA_DIR_ENV,
  TENANT_METADATA_KEY,
  CELL_METADATA_KEY,
} from "./plan/plan";
export { Autostop, WaveSpec, CellDefaults, FleetSettings, IpType, ResolvedFleetSettings, Topology, DEFAULT_GUEST } from "./plan/settings";
export { volumeNameFor, machineNameFor, cellAppNameFor, CELL_ID_PREFIX, RELEASED_VOLUMES_OUTPUT } from "./plan/naming";
export * from "./routing";
export * from "./cell";
export * from "./review";
export * as fly from "./gen/providers/fly";
export { EMPTY_LEDGER, LedgerEntry, nextLedger, TenantLedger } from "./plan/ledger";
export { ShardStrategy, shardOf } from "./plan/shards";
