import * as fs from "fs";
import * as path from "path";

/** The version the emulator is installed as; within the `~> 0.2` the bindings require. */
export const EMULATOR_VERSION = "0.2.0";
const PROVIDER_SOURCE = "registry.terraform.io/ampbase-io/fly";

export interface EmulatorInstall {
  /** The Terraform CLI config to point `TF_CLI_CONFIG_FILE` at. */
  readonly cliConfig: string;
  /** The emulated Fly account (`fly.json`) and the plugin's TLS key. */
  readonly dataDir: string;
}

function platform(): string {
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch as string] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/**
 * Installs the compiled emulator (`emulator/dist`) as `ampbase-io/fly` in a filesystem mirror under
 * `dir`, with a CLI config that installs only from there. Terraform then runs offline: `init`
 * finds the provider in the mirror and starts the launcher, which runs the emulator with node.
 */
export function installEmulator(dir: string): EmulatorInstall {
  const main = path.join(__dirname, "..", "dist", "main.js");
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run emulator:build\` first`);
  const mirror = path.join(dir, "mirror");
  const dataDir = path.join(dir, "data");
  const pluginDir = path.join(mirror, PROVIDER_SOURCE, EMULATOR_VERSION, platform());
  fs.mkdirSync(pluginDir, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const launcher = path.join(pluginDir, `terraform-provider-fly_v${EMULATOR_VERSION}`);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(
    launcher,
    [
      "#!/bin/sh",
      "# flycell's Fly provider EMULATOR (test-only): no Fly API is called.",
      `FLYCELL_EMULATOR_DIR=${quote(dataDir)} exec ${quote(process.execPath)} ${quote(main)} "$@"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );

  const cliConfig = path.join(dir, "terraform.rc");
  fs.writeFileSync(
    cliConfig,
    [
      "# Installs ampbase-io/fly from the flycell emulator's mirror; nothing is downloaded.",
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${JSON.stringify(PROVIDER_SOURCE)}]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return { cliConfig, dataDir };
}
