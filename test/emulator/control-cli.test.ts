/** The control CLI: the drills' controls on an account file, with no server running. */
import { controlMain, runControl } from "../../emulator/src/machines-api/control";
import { liveSnapshots } from "../../emulator/src/snapshots";
import { SeededAccount } from "./account-seed";

const VOL = "vol_aaaaaaaaaaaaaaaa";
const MACHINE = "3d8d9e4b2c7a18";

describe("control.js", () => {
  const account = new SeededAccount().volume("acme", { id: VOL, name: "data_acme" }).machine("acme", { id: MACHINE, mounts: [VOL] });
  const run = (...args: string[]) => JSON.parse(runControl(["--account", account.file, ...args])) as unknown;

  test("writes and reads a content marker, fails and heals a host, advances the clock, marks a region full", () => {
    expect(run("content", "write", VOL, "acme-rows-7", "--bytes", "2048")).toEqual({ volume: VOL, content: "acme-rows-7", bytes: 2048 });
    expect(run("content", "read", VOL)).toEqual({ volume: VOL, content: "acme-rows-7", bytes: 2048 });
    expect(run("fail-host", MACHINE)).toEqual({ volumes: [VOL], machines: [MACHINE] });
    expect(account.volumeFacts(VOL)?.unreachable).toBe(true);
    expect(run("heal-host", VOL)).toEqual({ volumes: [VOL], machines: [MACHINE] });
    expect(run("advance", "2")).toEqual({ days: 2, taken: 2, expired: 0 });
    expect(liveSnapshots(account.read(), VOL, Date.now()).map((s) => [s.content, s.size])).toEqual([["acme-rows-7", 2048], ["acme-rows-7", 2048]]);
    expect(run("region-full", "ams")).toEqual({ region: "ams", full: true });
    expect(account.read().facts?.fullRegions).toEqual({ ams: true });
    expect(run("region-free", "ams")).toEqual({ region: "ams", full: false });
  });

  test("names a volume by its name when no other volume has it", () => {
    expect(run("content", "write", "data_acme", "by-name")).toEqual({ volume: VOL, content: "by-name", bytes: 2048 });
    expect(run("fail-host", "data_acme")).toEqual({ volumes: [VOL], machines: [MACHINE] });
    run("heal-host", "data_acme");
    account.volume("other", { id: "vol_cccccccccccccccc", name: "data_acme" });
    expect(() => run("content", "read", "data_acme")).toThrow("2 volumes are named data_acme (in apps acme, other): give the volume's id");
    expect(run("content", "read", VOL)).toMatchObject({ content: "by-name" });
  });

  test("exits 1 for what the account refuses and 2 for usage, saying why", () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(controlMain(["--account", account.file, "content", "read", "vol_nosuchvolume0000"])).toBe(1);
      expect(controlMain(["--account", account.file, "advance", "two"])).toBe(2);
      expect(controlMain(["--account", account.file, "advance", "1", "--bytes", "3"])).toBe(2);
      expect(controlMain(["--account", account.file, "explode"])).toBe(2);
      expect(controlMain(["content", "read", VOL])).toBe(2);
    } finally {
      spy.mockRestore();
      log.mockRestore();
    }
    expect(errors[0]).toBe("refused: volume vol_nosuchvolume0000 not found");
    expect(errors.slice(1).map((e) => e.split("\n")[0])).toEqual([
      'days must be a whole number, got "two"',
      "--bytes goes with content write",
      'unknown command "explode"',
      "--account <fly.json> is required (or FLYCELL_EMULATOR_ACCOUNT)",
    ]);
  });
});
