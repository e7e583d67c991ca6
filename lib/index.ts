export { Cell, CellProps } from "./cell";
export { CellFleet, CellFleetProps, CellOutput, FleetRoutingProps } from "./fleet";
export { FlycellValidationError, Problem } from "./errors";
export { FLY_REGIONS, FLY_REGIONS_AS_OF, FLY_REGIONS_SOURCE, isFlyRegion } from "./regions";
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
export * as fly from "./gen/providers/fly";
export { findVolumeViolations, formatGuardReport, TerraformPlanJson, VolumeViolation } from "./guard";
export { EMPTY_LEDGER, LedgerEntry, nextLedger, TenantLedger } from "./plan/ledger";
export { secretVariableName } from "./secrets";
export { ChangeKind, formatPlanSummary, PlanSummary, summarizePlan } from "./plan-summary";
export { ShardedFleet, ShardedFleetProps } from "./sharded-fleet";
export { ShardStrategy, shardOf } from "./plan/shards";
