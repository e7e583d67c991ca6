export { Cell, CellProps } from "./cell";
export { CellFleet, CellFleetProps, CellOutput, FleetRoutingProps } from "./fleet";
export { ShardedFleet, ShardedFleetProps } from "./sharded-fleet";
export { Router, RouterProps, RouterConstructProps, NGINX_CONFIG_PATH } from "./router";
export { secretVariableName } from "./secrets";
