// The recover step (Issue 20): volumes Terraform cannot make (from a snapshot, a fork) made through the Machines API before the plan. No cdktf here.
export { recoverStack, recoverStacks, RecoverOptions, RecoveryResult } from "./recover";
export type { RecoveredEntry } from "./recover-entry";
export { readRecoveryManifest, RecoveryEntry, RecoveryManifestError, STACK_JSON } from "./manifest";
export { RecoveredVolume, readRecoveredFile, recoveredFileOf } from "./recovered-file";
export { RecoveryFailure, RecoveryProblem, problemText } from "./problem";
