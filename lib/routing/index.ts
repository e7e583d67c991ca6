export { buildRoutingTable, RouteEntry, RoutingTable } from "./table";
export { renderNginxConfig, NginxOptions } from "./nginx";
