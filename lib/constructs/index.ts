export { Cell, CellProps } from "./cell";
export { CellFleet, CellFleetProps, CellOutput } from "./fleet";
export { ShardedFleet, ShardedFleetProps } from "./sharded-fleet";
export { Router, RouterConstructProps, NGINX_CONFIG_PATH } from "./router";
export { secretVariableName } from "./secrets";
export { synthFleetApp, FleetApp, FleetAppProps } from "./fleet-app";
export { Monitor, MonitorConstructProps, MONITOR_CELLS_FILE } from "./monitor";
