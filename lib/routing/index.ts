export { buildRoutingTable, RouteEntry, RoutingMode, RoutingSettings, RoutingTable } from "./table";
export { renderNginxConfig, NginxOptions } from "./nginx";
