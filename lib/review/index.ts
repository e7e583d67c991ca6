export { findVolumeViolations, formatGuardReport, TerraformPlanJson, VolumeViolation } from "./guard";
export { planProblem, PlanProblem } from "./problem";
export { ChangeKind, formatPlanSummary, PlanSummary, summarizePlan } from "./summary";
export { DeployedStep, formatInvariantViolations, InvariantViolation, LostVolume, ownerOfVolume, volumeLossViolations, VolumeOwner } from "./invariant";
export { volumeStories } from "./volume-story";
