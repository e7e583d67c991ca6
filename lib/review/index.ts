export { findVolumeViolations, formatGuardReport, TerraformPlanJson, VolumeViolation } from "./guard";
export { ChangeKind, formatPlanSummary, PlanSummary, summarizePlan } from "./summary";
