import { AccountRefusal, attachedMachineIn, factsOf, machineFacts, mountedVolumes, nullRecord, own, resource, StoreFile, volumeFacts, volumeIdFor } from "./account";

/** What a host failure (or its repair) touched. */
export interface HostChange {
  readonly volumes: string[];
  readonly machines: string[];
}

/**
 * The volume and the machine on one host: a volume (by id, or by a name only it has) with the
 * machine mounting it, or a machine with its volumes.
 */
function hostOf(file: StoreFile, ref: string): HostChange {
  const machine = resource(file, "fly_machine", ref);
  if (machine) return { volumes: mountedVolumes(machine), machines: [ref] };
  const volume = volumeIdFor(file, ref);
  if (volume) {
    const holder = attachedMachineIn(file, volume);
    return { volumes: [volume], machines: holder ? [holder] : [] };
  }
  throw new AccountRefusal("not_found", `no volume or machine ${ref} in the account`);
}

/**
 * The host holding a volume (or a machine) goes down: the volume and the machine that mounts it
 * become unreachable. The Machines API then shows `host_status: "unreachable"` on both, refuses
 * to start, stop or restart the machine and to snapshot or fork the volume; its snapshots, kept
 * off the host, can still be listed and restored. Terraform refresh and destroy are unaffected.
 */
export function setHostDown(file: StoreFile, id: string, down: boolean, now: number): HostChange {
  const host = hostOf(file, id);
  for (const v of host.volumes) volumeFacts(file, v, now).unreachable = down || undefined;
  for (const m of host.machines) machineFacts(file, m, now).unreachable = down || undefined;
  return host;
}

/** Marks a region as having no room for new volumes (Fly answers a create there with 412), or clears it. */
export function setRegionFull(file: StoreFile, region: string, full: boolean): void {
  if (!/^[a-z]{3}$/.test(region)) throw new AccountRefusal("invalid", `region must be three lowercase letters, got ${JSON.stringify(region)}`);
  const facts = factsOf(file);
  if (full) facts.fullRegions[region] = true;
  else {
    const rest = nullRecord(facts.fullRegions);
    delete rest[region];
    facts.fullRegions = rest;
  }
}

export function regionFull(file: StoreFile, region: string): boolean {
  return own(factsOf(file).fullRegions, region) === true;
}
