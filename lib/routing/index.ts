export { buildRoutingTable, checkRoutingSettings, RouteEntry, RoutingMode, RoutingSettings, RoutingTable } from "./table";
export { renderNginxConfig, NginxOptions } from "./nginx";
