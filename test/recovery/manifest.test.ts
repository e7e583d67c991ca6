import * as fs from "fs";
import * as path from "path";
import { readRecoveryManifest, RecoveryEntry, RecoveryManifestError } from "../../lib/recovery";
import { recoveryEntry, stackDir } from "./stack-dir";

describe("readRecoveryManifest", () => {
  it("reads what the synth writes, a restore and a fork", () => {
    const fork = recoveryEntry({ owner: "beta", variable: "flycell_volume_beta_g1", source: { from_volume_name: "data_beta", fork: true, stop_machine_name: "beta" }, volume: { name: "g1_beta", region: "fra" } });
    // The synth's type is the reader's: a change to either fails to compile here.
    const written: RecoveryEntry = fork;
    const entries: RecoveryEntry[] = readRecoveryManifest(stackDir([recoveryEntry(), written]));
    expect(entries).toEqual([recoveryEntry(), fork]);
  });

  it("is empty for a stack without the local, or with an empty list", () => {
    expect(readRecoveryManifest(stackDir(undefined))).toEqual([]);
    expect(readRecoveryManifest(stackDir([]))).toEqual([]);
  });

  it("refuses a shape it does not know, naming the place", () => {
    const bad = (entry: unknown) => () => readRecoveryManifest(stackDir([entry]));
    expect(bad({ ...recoveryEntry(), volume: { ...recoveryEntry().volume, size_gb: "1" } })).toThrow(/locals\.flycell_recoveries\[0\]\.volume\.size_gb/);
    expect(bad({ ...recoveryEntry(), volume: { ...recoveryEntry().volume, fstype: "xfs" } })).toThrow(RecoveryManifestError);
    expect(bad({ ...recoveryEntry(), source: { from_volume_name: "data_acme", snapshot: "yesterday" } })).toThrow(/\[0\]\.source/);
    expect(bad({ ...recoveryEntry(), app: "../other" })).toThrow(/\.app: is not a Fly app name/);
    expect(bad({ ...recoveryEntry(), volume: { ...recoveryEntry().volume, name: "g1_${jsonencode(1)}" } })).toThrow(/volume\.name/);
    expect(() => readRecoveryManifest(stackDir({ length: 1 } as unknown as unknown[]))).toThrow(RecoveryManifestError);
  });

  it("refuses two entries for one variable or one volume", () => {
    expect(() => readRecoveryManifest(stackDir([recoveryEntry(), recoveryEntry({ owner: "beta" })]))).toThrow(/twice/);
    expect(() => readRecoveryManifest(stackDir([recoveryEntry(), recoveryEntry({ variable: "flycell_volume_beta_g1" })]))).toThrow(/twice/);
  });

  it("refuses a stack JSON it cannot read", () => {
    const dir = stackDir([]);
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), "{");
    expect(() => readRecoveryManifest(dir)).toThrow(/cannot read .*cdk\.tf\.json/);
    expect(() => readRecoveryManifest(path.join(dir, "missing"))).toThrow(RecoveryManifestError);
  });

  it("reads only the stack's own locals", () => {
    const dir = stackDir(undefined);
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), '{"locals": {"__proto__": {"flycell_recoveries": [1]}}}');
    expect(readRecoveryManifest(dir)).toEqual([]);
  });
});
