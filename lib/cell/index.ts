// What runs inside a cell (`flycell/cell`): no cdktf, no constructs, no generated bindings.
export { flyReplayMiddleware, parseReplayFields, tenantForRequest, FlyReplayMiddleware, FlyReplayOptions, Next } from "./middleware";
