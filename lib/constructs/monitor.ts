import { Fn } from "cdktf";
import { Construct } from "constructs";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Ip } from "../gen/providers/fly/ip";
import { Machine } from "../gen/providers/fly/machine";
import { Secret } from "../gen/providers/fly/secret";
import { ExpectedCells, MONITOR_DEFAULTS, MONITOR_SECRET_ENV } from "../monitor/expected";
import { MONITOR_PORT } from "../plan/naming";
import { DEFAULT_GUEST } from "../plan/settings";
import { CELL_KEY_PREFIX } from "../monitor/signature";
import { MonitorSettings, SecretSpec } from "../tenants/schema";
import { allocateAddresses } from "./addresses";
import { expressionText, literal } from "./literal";
import { minSecretsVersion, secretVariable, secretVariableName, setSecrets } from "./secrets";

export interface MonitorConstructProps {
  /** The fleet's `monitor` settings, judged with the rest of the input. */
  readonly settings: MonitorSettings;
  /** The monitor's app, `<fleet appName>-monitor`. */
  readonly appName: string;
  /** @default the provider's org */
  readonly org?: string;
  /** The cells to watch; machine and volume ids are Terraform references. */
  readonly expected: ExpectedCells;
  /** The heartbeat key's value: the variable the cells' `FLYCELL_MONITOR_SECRET` comes from too. */
  readonly heartbeatKey: string;
}

/** Marks the version of a cell's own heartbeat key, so that a fleet upgraded to per-cell keys sends them. */
const CELL_KEY_VERSION_SUFFIX = ".cell-key";

/**
 * For a cell in an app of its own: its secrets with `FLYCELL_MONITOR_SECRET` set to the cell's own
 * heartbeat key instead of the fleet key, so a compromised cell cannot sign for another. Terraform
 * derives it (`sha256("flycell-heartbeat:<cell id>:<fleet key>")`, the monitor's `cellHeartbeatKey`)
 * from the ephemeral fleet-key variable into the write-only value: the JSON holds the expression,
 * never a key. Its version differs from the fleet key's, so a fleet deployed with the shared key
 * re-sends it (and restarts the cell) on the next apply.
 */
export function withCellHeartbeatKey(
  cellId: string,
  secrets: Readonly<Record<string, SecretSpec>>,
  valueOf: (name: string) => string,
): { secrets: Readonly<Record<string, SecretSpec>>; valueOf: (name: string) => string } {
  if (!Object.hasOwn(secrets, MONITOR_SECRET_ENV)) return { secrets, valueOf };
  const version = `${secrets[MONITOR_SECRET_ENV].version}${CELL_KEY_VERSION_SUFFIX}`;
  return {
    secrets: { ...secrets, [MONITOR_SECRET_ENV]: { version } },
    valueOf: (name) => (name === MONITOR_SECRET_ENV ? Fn.sha256(`${CELL_KEY_PREFIX}${cellId}:${valueOf(name)}`) : valueOf(name)),
  };
}

/** Where the expected cells land on the monitor's machine. */
export const MONITOR_CELLS_FILE = "/etc/flycell/cells.json";

/**
 * The fleet's monitor: an app of its own with a private (flycast) address only, its secrets
 * (the heartbeat key, a Fly API token, optionally a webhook URL) and one always-on machine
 * that receives the expected cells as a file: a tenant addition updates that file, and so the
 * machine. Cells reach it at `http://<app>.flycast:8080`.
 */
export class Monitor extends Construct {
  public readonly app: FlyApp;
  public readonly addresses: readonly Ip[];
  public readonly secrets: readonly Secret[];
  public readonly machine: Machine;

  constructor(scope: Construct, id: string, props: MonitorConstructProps) {
    super(scope, id);
    const { settings } = props;
    this.app = new FlyApp(this, "app", { name: props.appName, org: props.org });
    this.addresses = allocateAddresses(this, this.app, ["private_v6"]);
    const version = settings.secretVersion ?? "1";
    const secrets = {
      [MONITOR_SECRET_ENV]: { version },
      FLY_API_TOKEN: { version },
      ...(settings.webhook ? { FLYCELL_MONITOR_WEBHOOK: { version } } : {}),
    };
    // The API token and the webhook URL are the monitor's own variables; the key is shared with the cells.
    const valueOf = (name: string) =>
      name === MONITOR_SECRET_ENV ? props.heartbeatKey : secretVariable(this, secretVariableName(name, "monitor")).stringValue;
    this.secrets = setSecrets(this, this.app, secrets, valueOf);
    const check = { type: "http", path: "/up", method: "GET", interval: "15s", timeout: "5s" };
    this.machine = new Machine(this, "machine", {
      app: this.app.name,
      name: "monitor",
      region: settings.region,
      image: literal(settings.image),
      guest: { ...DEFAULT_GUEST, ...settings.guest },
      env: {
        PORT: String(MONITOR_PORT),
        FLYCELL_MONITOR_CELLS_FILE: MONITOR_CELLS_FILE,
        FLYCELL_MONITOR_HEARTBEAT_WINDOW_SECONDS: String(settings.heartbeatWindowSeconds ?? MONITOR_DEFAULTS.heartbeatWindowSeconds),
        FLYCELL_MONITOR_SWEEP_CALLS_PER_MINUTE: String(settings.sweepCallsPerMinute ?? MONITOR_DEFAULTS.sweepCallsPerMinute),
        FLYCELL_MONITOR_MAX_API_CALLS_PER_MINUTE: String(settings.maxApiCallsPerMinute ?? MONITOR_DEFAULTS.maxApiCallsPerMinute),
        FLYCELL_MONITOR_RESTART_FAILED: settings.restartFailed ? "1" : "0",
      },
      // Machine ids are references: the document travels inside a Terraform expression.
      file: [{ guestPath: MONITOR_CELLS_FILE, rawValue: Fn.base64encode(expressionText(JSON.stringify(props.expected))) }],
      minSecretsVersion: minSecretsVersion(this.secrets),
      service: [
        {
          protocol: "tcp",
          internalPort: MONITOR_PORT,
          // Watching is its job: it never stops.
          autostop: "off",
          autostart: true,
          port: [{ port: MONITOR_PORT, handlers: ["http"] }],
          check: [check],
        },
      ],
    });
  }
}
