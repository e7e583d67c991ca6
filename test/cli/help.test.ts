import { Command } from "commander";
import { buildProgram } from "../../lib/cli/program";
import { flycell, flycellPackageJson } from "./run-cli";

/** Every subcommand's words, e.g. ["ledger", "sync"], from the program itself. */
function subcommands(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [[...prefix, sub.name()], ...subcommands(sub, [...prefix, sub.name()])]);
}

describe("flycell --help, --version and usage errors", () => {
  it("lists every subcommand and the exit codes", () => {
    const r = flycell(["--help"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^Usage: flycell \[options\] \[command\]/);
    for (const name of ["init", "tenants", "guard", "summary", "ledger", "deploy"]) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 {2}ok\n {2}1 {2}refused: .*\n {2}2 {2}usage error or unusable input/);
  });

  it.each(subcommands(buildProgram()).map((words) => [words.join(" "), words]))("flycell %s --help", (_name, words) => {
    const r = flycell([...words, "--help"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(new RegExp(`^Usage: flycell ${words.join(" ")} `));
  });

  it("prints its package's version", () => {
    const { version } = flycellPackageJson();
    expect(flycell(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("exits 2 on an unknown command, an unknown option and a missing subcommand", () => {
    expect(flycell(["deploi"])).toMatchObject({ code: 2, stdout: "", stderr: expect.stringContaining("unknown command 'deploi'") });
    expect(flycell(["tenants", "--jsn"])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--jsn'") });
    expect(flycell([]).code).toBe(2);
    expect(flycell(["ledger"]).code).toBe(2);
  });
});
