import * as fs from "fs";
import { readRecoveredFile, recoveredFileOf, RecoveredVolume } from "../../lib/recovery";
import { writeRecoveredFile } from "../../lib/recovery/recovered-file";
import { stackDir } from "./stack-dir";

const RECORD: RecoveredVolume = { volume: "vol_2", kind: "snapshot", source_volume: "vol_1", snapshot: "vs_1", taken_at: "2026-12-01T00:00:00.000Z", size_bytes: 123 };

describe("the recovered-volumes tfvars file", () => {
  it("holds one object per variable, read back as written", () => {
    const dir = stackDir([]);
    const file = writeRecoveredFile(dir, new Map([["flycell_volume_acme_g1", RECORD]]));
    expect(file).toBe(recoveredFileOf(dir));
    expect(JSON.parse(fs.readFileSync(recoveredFileOf(dir), "utf8"))).toEqual({ flycell_volume_acme_g1: RECORD });
    expect(readRecoveredFile(dir)).toEqual(new Map([["flycell_volume_acme_g1", RECORD]]));
  });

  it("is removed when nothing is pending", () => {
    const dir = stackDir([]);
    writeRecoveredFile(dir, new Map([["flycell_volume_acme_g1", RECORD]]));
    expect(writeRecoveredFile(dir, new Map())).toBeUndefined();
    expect(fs.existsSync(recoveredFileOf(dir))).toBe(false);
  });

  it("counts an unreadable file or record as none", () => {
    const dir = stackDir([]);
    fs.writeFileSync(recoveredFileOf(dir), "[");
    expect(readRecoveredFile(dir).size).toBe(0);
    fs.writeFileSync(recoveredFileOf(dir), JSON.stringify({ a: { ...RECORD, kind: "copy" }, b: RECORD }));
    expect([...readRecoveredFile(dir).keys()]).toEqual(["b"]);
  });
});
