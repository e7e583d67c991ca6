/** Limits Fly enforces, checked before anything is synthesized. */

/** Tenant ids, app names and org slugs: lowercase letters, digits and single hyphens, starting with a letter. */
export const SLUG_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** App names: lowercase letters, digits and hyphens, DNS-label sized. */
export const APP_NAME_MAX = 63;
/** Volume names: letters, digits and underscores, at most 30 characters. */
export const VOLUME_NAME_MAX = 30;
export const VOLUME_SIZE_GB_MIN = 1;
export const VOLUME_SIZE_GB_MAX = 500;
export const SNAPSHOT_RETENTION_MIN = 1;
export const SNAPSHOT_RETENTION_MAX = 60;

/** Allowed vCPU counts per CPU kind, and memory per vCPU in MB (min, max). */
export const GUEST_LIMITS = {
  shared: { cpus: [1, 2, 4, 8], memoryPerCpuMb: [256, 2048] },
  performance: { cpus: [1, 2, 4, 8, 16], memoryPerCpuMb: [2048, 8192] },
} as const;
export const MEMORY_STEP_MB = 256;

/** Checks a resolved guest; returns a message, or undefined when Fly accepts it. */
export function guestProblem(cpuKind: string, cpus: number, memoryMb: number): string | undefined {
  if (cpuKind !== "shared" && cpuKind !== "performance") {
    return `cpuKind must be "shared" or "performance", got ${JSON.stringify(cpuKind)}`;
  }
  const limits = GUEST_LIMITS[cpuKind];
  if (!(limits.cpus as readonly number[]).includes(cpus)) {
    return `${cpuKind} machines take ${limits.cpus.join(", ")} CPUs, got ${cpus}`;
  }
  const [minPerCpu, maxPerCpu] = limits.memoryPerCpuMb;
  const min = minPerCpu * cpus;
  const max = maxPerCpu * cpus;
  if (!Number.isInteger(memoryMb) || memoryMb % MEMORY_STEP_MB !== 0 || memoryMb < min || memoryMb > max) {
    return `${cpus} ${cpuKind} CPU(s) need memoryMb between ${min} and ${max} in steps of ${MEMORY_STEP_MB}, got ${memoryMb}`;
  }
  return undefined;
}

/** Suspend snapshots the machine's memory; Fly allows it up to 2 GB. */
export const SUSPEND_MAX_MEMORY_MB = 2048;

export function suspendProblem(autostop: string, memoryMb: number): string | undefined {
  if (autostop !== "suspend" || memoryMb <= SUSPEND_MAX_MEMORY_MB) return undefined;
  return `${memoryMb} MB is too much for autostop "suspend" (at most ${SUSPEND_MAX_MEMORY_MB} MB)`;
}
