// The fleet's monitor (`flycell monitor`, the monitor image): Node's standard library only, no cdktf.
export { startMonitor, MonitorOptions, RunningMonitor } from "./monitor";
export { assessOnce, AssessOptions, AssessedReport } from "./assess";
export { runMonitorFromEnv, monitorOptionsFromEnv, DEFAULT_CELLS_FILE } from "./main";
export { parseExpectedCells, readExpectedCells } from "./expected-file";
export { renderStatusPage } from "./status-page";
export { cellHeartbeatKey } from "./signature";
export { webhookPayload, WebhookPayload } from "./webhook";
export type { MonitorLog } from "./fleet-watch";
export type { MachinesApiConfig } from "../fly-api/machines-api";
export type { CellStatus, Issue, IssueKind, StatusReport } from "./report";
export { MONITOR_SECRET_ENV, MONITOR_URL_ENV, ExpectedCell, ExpectedCells } from "./expected";
