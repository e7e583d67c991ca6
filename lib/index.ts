// First: names what to install when cdktf or constructs is missing, before anything loads them.
import "./require-peers";
export * from "./constructs";
export { FlycellValidationError, Problem } from "./tenants/errors";
export { FLY_REGIONS, FLY_REGIONS_AS_OF, FLY_REGIONS_SOURCE, isFlyRegion } from "./tenants/regions";
export {
  Autostop,
  CpuKind,
  FleetInput,
  FleetSettings,
  GuestSpec,
  IpType,
  LedgerEntry,
  RegionMove,
  RouterProps,
  RoutingMode,
  RoutingSettings,
  SecretSpec,
  ShardStrategy,
  StateBackend,
  TenantLedger,
  TenantSpec,
  TenantStatus,
  Topology,
  WaveSpec,
  TENANT_STATUSES,
  fleetInputSchema,
  ledgerSchema,
  tenantListSchema,
  tenantSchema,
} from "./tenants/schema";
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
export { ResolvedFleetSettings, DEFAULT_GUEST } from "./plan/settings";
export {
  volumeNameFor,
  machineNameFor,
  cellAppNameFor,
  CELL_ID_PREFIX,
  CELLS_OUTPUT,
  RELEASED_VOLUMES_OUTPUT,
  ROUTING_TABLE_OUTPUT,
} from "./plan/naming";
export * from "./routing";
export * from "./cell";
export * from "./review";
export * as fly from "./gen/providers/fly";
export { DeployedStack, EMPTY_LEDGER, LedgerReconciliation, nextLedger, reconcileLedger } from "./plan/ledger";
export { formatLedger, readLedgerFile, writeLedgerFile } from "./plan/ledger-file";
export { shardOf } from "./plan/shards";
