import { Fn } from "cdktf";
import { Construct } from "constructs";
import { allocateAddresses } from "./addresses";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Cert } from "../gen/providers/fly/cert";
import { Ip } from "../gen/providers/fly/ip";
import { Machine } from "../gen/providers/fly/machine";
import { GuestSpec } from "../tenants/spec";
import { renderNginxConfig } from "../routing/nginx";
import { RoutingTable } from "../routing/table";

export interface RouterProps {
  /** Fly regions to run the router in, e.g. ["ams", "ord"]. */
  readonly regions: readonly string[];
  /** Router machines per region. @default 1 */
  readonly countPerRegion?: number;
  /** Image running nginx with its configuration at /etc/nginx/nginx.conf. @default "nginx:1.27-alpine" */
  readonly image?: string;
  /** Largest request body the router passes on. @default "100m" */
  readonly maxBodySize?: string;
  /** Router machine size. @default { cpuKind: "shared", cpus: 1, memoryMb: 256 } */
  readonly guest?: GuestSpec;
}

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
 * An nginx router in its own Fly app: public addresses, certificates for every tenant
 * hostname, and machines that receive the rendered routing config as a file. Adding a tenant
 * changes that file, so the router machines are updated in place.
 */
export class Router extends Construct {
  public readonly app: FlyApp;
  public readonly addresses: readonly Ip[];
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
    const count = props.countPerRegion ?? 1;
    this.machines = [...props.regions].sort().flatMap((region) =>
      Array.from(
        { length: count },
        (_, i) =>
          new Machine(this, `machine-${region}-${i + 1}`, {
            app: this.app.name,
            name: `router-${region}-${i + 1}`,
            region,
            image: props.image ?? "nginx:1.27-alpine",
            guest,
            file: [{ guestPath: NGINX_CONFIG_PATH, rawValue: Fn.base64encode(this.config) }],
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
                check: [{ type: "http", path: props.table.healthPath, method: "GET", interval: "15s", timeout: "5s" }],
              },
            ],
          }),
      ),
    );
    this.certs = [...props.hostnames].sort().map((hostname) => new Cert(this, `cert-${hostname}`, { app: this.app.name, hostname }));
  }
}
