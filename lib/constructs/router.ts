import { Fn } from "cdktf";
import { Construct } from "constructs";
import { allocateAddresses } from "./addresses";
import { expressionText, literal } from "./literal";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Cert } from "../gen/providers/fly/cert";
import { Ip } from "../gen/providers/fly/ip";
import { Machine } from "../gen/providers/fly/machine";
import { RouterProps } from "../tenants/schema";
import { renderNginxConfig } from "../routing/nginx";
import { RoutingTable } from "../routing/table";

/** The router's settings (`routing.router`, judged with the rest of the input) and what the fleet gives it. */
export interface RouterConstructProps extends RouterProps {
  /** The router's app name, `<fleet appName>-router`. */
  readonly appName: string;
  readonly org?: string;
  readonly table: RoutingTable;
  /** Every tenant hostname: the router is the public entry, so the certificates are its. */
  readonly hostnames: readonly string[];
}

/** Port nginx listens on inside the router machine. */
const ROUTER_PORT = 8080;
export const NGINX_CONFIG_PATH = "/etc/nginx/nginx.conf";

/**
 * The router's health check. nginx answers the table's health path itself (`location =
 * <healthPath>`, no upstream involved), so a passing check means nginx runs and accepted the
 * config it was given. The provider waits for every check to pass after each machine create
 * or update (up to 120 s), which is what lets the rollout below wait for a machine to be back.
 * nginx starts in about a second: the grace period covers a slow boot, the short timeout a
 * static answer, and the interval how soon the proxy notices a router gone bad.
 */
const CHECK = { gracePeriod: "5s", interval: "10s", timeout: "2s" } as const;

/**
 * An nginx router in its own Fly app: public addresses, certificates for every tenant
 * hostname, and machines that receive the rendered routing config as a file. Adding a tenant
 * changes that file, so the router machines are updated in place, and the provider restarts
 * each one it updates: they are chained so that they restart one at a time (see `machines`).
 */
export class Router extends Construct {
  public readonly app: FlyApp;
  public readonly addresses: readonly Ip[];
  /**
   * The router machines in rollout order: by region (sorted), then number. Each depends on the
   * one before it, so Terraform creates or updates a machine only once the previous one is
   * started and passing its checks.
   */
  public readonly machines: readonly Machine[];
  public readonly certs: readonly Cert[];
  /** The nginx configuration, with Terraform references for machine ids. */
  public readonly config: string;

  constructor(scope: Construct, id: string, props: RouterConstructProps) {
    super(scope, id);
    this.app = new FlyApp(this, "app", { name: props.appName, org: props.org });
    this.addresses = allocateAddresses(this, this.app, ["shared_v4", "public_v6"]);
    this.config = renderNginxConfig(props.table, { listenPort: ROUTER_PORT, maxBodySize: props.maxBodySize });
    const guest = { cpuKind: "shared", cpus: 1, memoryMb: 256, ...props.guest };
    const count = props.countPerRegion ?? 2;
    const healthPath = props.table.healthPath;
    // One chain across all regions rather than one per region: at most one router machine is
    // down at any moment, fleet-wide, so even a region with a single machine leaves every other
    // region serving (the proxy sends its traffic to the nearest healthy one). And a config that
    // fails its checks stops the apply at the first machine, with all the others still serving
    // the previous config; chains per region would break one machine in every region. The cost
    // is time: a rollout takes machines x (restart + checks), regions are not done in parallel.
    const machines: Machine[] = [];
    for (const region of [...props.regions].sort()) {
      for (let n = 1; n <= count; n++) {
        const previous = machines.at(-1);
        machines.push(
          new Machine(this, `machine-${region}-${n}`, {
            app: this.app.name,
            name: `router-${region}-${n}`,
            region,
            image: literal(props.image ?? "nginx:1.27-alpine"),
            guest,
            file: [{ guestPath: NGINX_CONFIG_PATH, rawValue: Fn.base64encode(expressionText(this.config)) }],
            service: [
              {
                protocol: "tcp",
                internalPort: ROUTER_PORT,
                // The router is the front door: it never stops.
                autostop: "off",
                autostart: true,
                port: [
                  { port: 80, handlers: ["http"] },
                  { port: 443, handlers: ["tls", "http"] },
                ],
                // The proxy routes only to machines passing this one. (A service check takes no
                // grace period in this provider; the machine check below carries it.)
                check: [{ type: "http", path: healthPath, method: "GET", interval: CHECK.interval, timeout: CHECK.timeout }],
              },
            ],
            check: [{ name: "nginx", type: "http", port: ROUTER_PORT, path: healthPath, method: "GET", ...CHECK }],
            dependsOn: previous ? [previous] : undefined,
          }),
        );
      }
    }
    this.machines = machines;
    this.certs = [...props.hostnames].sort().map((hostname) => new Cert(this, `cert-${hostname}`, { app: this.app.name, hostname }));
  }
}
