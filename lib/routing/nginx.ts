import { AMBIGUOUS_PATH_PATTERN } from "../cell/paths";
import { readCheckedTable } from "../cell/table-check";
import { RouteEntry, RoutingTable } from "./table";

export interface NginxOptions {
  /** Port nginx listens on. @default 8080 */
  readonly listenPort?: number;
  /** Largest request body accepted; well above fly-replay's 1 MB limit. @default "100m" */
  readonly maxBodySize?: string;
  /** DNS server for the upstream names. @default "[fdaa::3]:53" (Fly's private DNS); null for none */
  readonly resolver?: string | null;
  /**
   * Where a tenant's requests are proxied to, as `host[:port]`.
   * @default `<app>.flycast`: through the Fly Proxy, so a stopped cell is started
   */
  readonly upstreamOf?: (tenantId: string, entry: RouteEntry) => string;
}

// The one choke point for values from the table or the options: every one is written through
// `data`. The config travels inside a Terraform string, which cdktf writes unescaped, so no
// double quote, no `${`/`%{` and no backslash (a Terraform escape); in nginx, no quote, space,
// `;`, `{`, `}` or `$` (a variable), so no value can end its token or add a directive. The
// checks (readCheckedTable, checkOptions) come first and name the field; this is the backstop.
const DATA = /^[A-Za-z0-9._~:/[\]*-]+$/;
// The one exception: a cdktf token, which Terraform replaces with a machine id at apply.
const CDKTF_TOKEN = /^\$\{TfToken\[TOKEN\.\d+\]\}$/;

function data(value: string): string {
  if (!DATA.test(value) && !CDKTF_TOKEN.test(value)) throw new Error(`renderNginxConfig: refusing to write ${JSON.stringify(value)} into the config`);
  return value;
}

// Single-quoted: for flycell's own strings (regexes, variables); data inside went through `data`.
const quote = (value: string): string => `'${value}'`;

// A map source value spelled like a map parameter (`include` would load a file of that name,
// `default`, `hostnames`, `volatile`) is read as the parameter. nginx's escape for that is a
// backslash, which cannot travel (see above), so the tenant-keyed maps read `tenant:<id>`,
// never a bare id. Host keys always hold a dot, so they never spell a parameter.
const TENANT_KEY = "tenant:";
const MAP_PARAMETERS = new Set(["default", "hostnames", "include", "volatile"]);

function mapBlock(source: string, target: string, entries: readonly [string, string][], extra: string[] = []): string[] {
  return [
    `  map ${source} ${target} {`,
    ...extra.map((line) => `    ${line}`),
    "    default '';",
    ...entries.map(([key, value]) => {
      // A leading `~` makes a key a regex.
      if (MAP_PARAMETERS.has(key) || key.startsWith("~")) throw new Error(`renderNginxConfig: refusing the map key ${JSON.stringify(key)}`);
      return `    ${key} ${quote(value)};`;
    }),
    "  }",
  ];
}

const ADDRESS = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$/i;

/** Refuses options that would not render into a safe config, naming the option and value. */
function checkOptions(options: NginxOptions, upstreams: readonly [string, string][]): void {
  const refuse = (field: string, value: unknown, rule: string): never => {
    throw new Error(`renderNginxConfig: ${field} is ${JSON.stringify(value)}: ${rule}`);
  };
  const port = options.listenPort;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) refuse("listenPort", port, "must be a port number");
  const size = options.maxBodySize;
  if (size !== undefined && !/^[1-9][0-9]*[kmg]?$/.test(size)) refuse("maxBodySize", size, 'must be an nginx size such as "100m"');
  if (options.resolver && !ADDRESS.test(options.resolver)) refuse("resolver", options.resolver, "must be one address, host[:port]");
  for (const [id, upstream] of upstreams) {
    if (!ADDRESS.test(upstream)) refuse(`tenant ${JSON.stringify(id)} upstream`, upstream, "must be host[:port]");
  }
}

/**
 * Renders a complete nginx configuration for a routing table: requests are matched by host,
 * then by path prefix, and proxied through the Fly Proxy (the app's flycast address) with
 * `fly-force-instance-id` naming the tenant's machine, never to `<id>.vm.<app>.internal`,
 * which would not wake a stopped cell. Unknown tenants get 404, never another cell. Requests
 * whose path could be read two ways (`AMBIGUOUS_PATH`) get 400, as from the cell middleware.
 * Throws a `RoutingTableError` listing every problem of a table `checkRoutingTable` refuses
 * (unsafe values, or host patterns of different tenants that overlap), and an Error naming
 * the option and value for unsafe options. Machine ids may be cdktf tokens (the Router
 * construct renders at synth time); other Terraform references are refused.
 */
export function renderNginxConfig(table: RoutingTable, options: NginxOptions = {}): string {
  // cdktf tokens: the Router construct renders at synth time, and Terraform fills them in.
  const checked = readCheckedTable(table, "renderNginxConfig", { cdktfTokens: true });
  const listenPort = options.listenPort ?? 8080;
  const resolver = options.resolver === undefined ? "[fdaa::3]:53" : options.resolver;
  const upstreamOf = options.upstreamOf ?? ((_id: string, entry: RouteEntry) => `${entry.app}.flycast`);
  const tenants = [...checked.tenants].map(([id, entry]): [string, RouteEntry] => [data(id), entry]);
  const upstreams = tenants.map(([id, e]): [string, string] => [id, upstreamOf(id, e)]);
  checkOptions(options, upstreams);
  const byHost = checked.modes.has("host") ? tenants.flatMap(([id, entry]) => entry.hosts.map((host): [string, string] => [data(host), id])) : [];
  const byPath = checked.modes.has("path") ? tenants.map(([id, entry]): [string, string] => [quote(`~^${data(entry.path)}(/|$)`), id]) : [];

  return [
    "# Generated by flycell from the fleet's routing table. Do not edit.",
    "worker_processes 1;",
    "events {",
    "  worker_connections 1024;",
    "}",
    "http {",
    ...(resolver ? [`  resolver ${data(resolver)} valid=10s;`] : []),
    `  client_max_body_size ${data(options.maxBodySize ?? "100m")};`,
    "  access_log off;",
    ...mapBlock("$host", "$flycell_host_tenant", byHost, ["hostnames;"]),
    ...mapBlock("$uri", "$flycell_path_tenant", byPath),
    ...mapBlock(quote(`${TENANT_KEY}$flycell_tenant`), "$flycell_upstream", upstreams.map(([id, u]) => [`${TENANT_KEY}${id}`, data(u)])),
    ...mapBlock(
      quote(`${TENANT_KEY}$flycell_tenant`),
      "$flycell_machine",
      tenants.flatMap(([id, e]): [string, string][] => (e.machine ? [[`${TENANT_KEY}${id}`, data(e.machine)]] : [])),
    ),
    "  server {",
    `    listen ${data(String(listenPort))};`,
    `    location = ${data(checked.table.healthPath)} {`,
    "      return 200 'ok';",
    "    }",
    "    # Server level, so it runs before a location is chosen, the health path's too. The cells",
    "    # refuse the same paths: neither may read a path the other reads differently.",
    `    if ($request_uri ~* ${quote(AMBIGUOUS_PATH_PATTERN)}) {`,
    "      return 400;",
    "    }",
    "    # A target that is not a path (`http://host/…`) names a second host.",
    "    if ($request !~ '^[^ ]+ /') {",
    "      return 400;",
    "    }",
    "    location / {",
    "      set $flycell_tenant $flycell_host_tenant;",
    "      if ($flycell_tenant = '') {",
    "        set $flycell_tenant $flycell_path_tenant;",
    "      }",
    "      if ($flycell_tenant = '') {",
    "        return 404;",
    "      }",
    "      # An empty value (app-per-cell) sends no header: the cell app has one machine.",
    "      proxy_set_header fly-force-instance-id $flycell_machine;",
    "      proxy_set_header Host $host;",
    "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "      proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;",
    "      # A stopped cell takes a moment to start.",
    "      proxy_connect_timeout 30s;",
    "      proxy_read_timeout 120s;",
    "      proxy_pass http://$flycell_upstream;",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
}
