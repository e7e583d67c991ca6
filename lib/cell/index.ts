// What runs inside a cell (`flycell/cell`): no cdktf, no constructs, no generated bindings.
export { flyReplayMiddleware, parseReplayFields, tenantForRequest, FlyReplayMiddleware, FlyReplayOptions, Next } from "./middleware";
export { hostIndex, hostMatches, hostOverlaps, hostPatternsOverlap, isHostPattern, tenantForHost, HostLookup, HostOverlap } from "./hosts";
export { readHostHeader } from "./host-header";
export { AMBIGUOUS_PATH, AMBIGUOUS_PATH_PATTERN, decodedPath } from "./paths";
export { REPLAY_STATE_TTL_SECONDS, replayState, replayStateValid } from "./replay-state";
export { checkRoutingTable, isSafeAbsolutePath, readRoutingTable, RoutingTableError, RoutingTableProblem } from "./table-check";
export type { RouteEntry, RoutingTable } from "./table";
export {
  cellTenants,
  tenantDataDir,
  CellEnv,
  CellTenants,
  CELL_ID_ENV,
  DATA_DIR_ENV,
  DECOMMISSIONED_TENANTS_ENV,
  RELEASED_TENANTS_ENV,
  TENANT_ID_ENV,
  TENANTS_ENV,
} from "./env";
export { heartbeatAuthorization, startHeartbeat, Heartbeat, HeartbeatBody, HeartbeatOptions, HeartbeatSender } from "./heartbeat";
