export { Cell, CellProps } from "./cell";
export { CellFleet, CellFleetProps, CellOutput, CELL_ID_PREFIX } from "./fleet";
export { FlycellValidationError, Problem } from "./errors";
export { FLY_REGIONS, FLY_REGIONS_AS_OF, FLY_REGIONS_SOURCE, isFlyRegion } from "./regions";
export { CpuKind, GuestSpec, TenantSpec } from "./tenants/spec";
export { validateTenants, TenantRules } from "./tenants/validate";
export {
  planFleet,
  CellSpec,
  FleetPlan,
  OwnAppSpec,
  TENANT_ID_ENV,
  DATA_DIR_ENV,
  TENANT_METADATA_KEY,
  CELL_METADATA_KEY,
} from "./plan/plan";
export { Autostop, CellDefaults, FleetSettings, IpType, ResolvedFleetSettings, Topology, DEFAULT_GUEST } from "./plan/settings";
export { volumeNameFor, machineNameFor, cellAppNameFor } from "./plan/naming";
export * from "./routing";
export * as fly from "./gen/providers/fly";
