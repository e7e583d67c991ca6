export { buildRoutingTable, RouteEntry, RoutingMode, RoutingSettings, RoutingTable } from "./table";
export { renderNginxConfig, NginxOptions } from "./nginx";
export { Router, RouterProps, RouterConstructProps, NGINX_CONFIG_PATH } from "./router";
export { flyReplayMiddleware, parseReplayFields, tenantForRequest, FlyReplayMiddleware, FlyReplayOptions, Next } from "./middleware";
