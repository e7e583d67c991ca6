import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { buildRoutingTable, planFleet, renderNginxConfig, RoutingTable } from "../../lib";
import { freePort, NGINX, nginxTest, request, startEchoCell, startNginx } from "./harness";

const MACHINES: Record<string, string> = { acme: "3d8d9e1a2b4c5f", globex: "148e3b5c6d7a9f" };

function exampleTable(modes?: ("path" | "host")[]): RoutingTable {
  const plan = planFleet({
    appName: "cells",
    image: "img:1",
    routing: { baseDomain: "cells.example.com", modes },
    tenants: [
      { id: "acme", region: "ams" },
      { id: "globex", region: "ord", hostnames: ["app.globex.com", "*.globex.io"] },
    ],
  });
  return buildRoutingTable(plan, (id) => MACHINES[id]);
}

// CI installs nginx (.ci/run); elsewhere these tests need `apt-get install nginx-light`.
const describeWithNginx = NGINX || process.env.CI ? describe : describe.skip;
if (!NGINX && !process.env.CI) console.warn("nginx not found: skipping the nginx tests (apt-get install nginx-light)");

describe("renderNginxConfig", () => {
  const config = renderNginxConfig(exampleTable());

  it("proxies through the app's flycast address, never to .internal machine addresses", () => {
    expect(config).toContain("tenant:acme 'cells.flycast';");
    expect(config).toContain("proxy_pass http://$flycell_upstream;");
    expect(config).toContain("proxy_set_header fly-force-instance-id $flycell_machine;");
    expect(config).not.toContain(".internal");
    expect(config).toContain("resolver [fdaa::3]:53 valid=10s;");
  });

  it("holds no double quotes or template markers, so it can travel inside a Terraform string", () => {
    expect(config).not.toMatch(/"|%\{|\$\{/);
  });

  it("maps hosts (custom and subdomain) and path prefixes to tenants", () => {
    expect(config).toContain("app.globex.com 'globex';");
    expect(config).toContain("*.globex.io 'globex';");
    expect(config).toContain("acme.cells.example.com 'acme';");
    expect(config).toContain("'~^/acme(/|$)' 'acme';");
    expect(config).toContain(`tenant:acme '${MACHINES.acme}';`);
  });

  it("has a body limit that is an option, far above fly-replay's 1 MB", () => {
    expect(config).toContain("client_max_body_size 100m;");
    expect(renderNginxConfig(exampleTable(), { maxBodySize: "1g" })).toContain("client_max_body_size 1g;");
  });

  it("leaves out the modes the fleet does not use", () => {
    const hostOnly = renderNginxConfig(exampleTable(["host"]));
    expect(hostOnly).not.toContain("~^/acme");
    expect(hostOnly).toContain("app.globex.com 'globex';");
  });
});

describeWithNginx("the rendered config in a real nginx", () => {
  let dir: string;
  let nginx: ChildProcess | undefined;
  let port: number;
  const cells: http.Server[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-"));
    const acme = await startEchoCell("acme");
    const globex = await startEchoCell("globex");
    cells.push(acme.server, globex.server);
    const ports: Record<string, number> = { acme: acme.port, globex: globex.port };
    port = await freePort();
    const config = renderNginxConfig(exampleTable(), {
      listenPort: port,
      resolver: null,
      upstreamOf: (id) => `127.0.0.1:${ports[id]}`,
    });
    nginx = await startNginx(dir, config, port);
  }, 30_000);

  afterAll(async () => {
    nginx?.kill();
    await Promise.all(cells.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("passes nginx -t as rendered, with Fly's defaults", () => {
    expect(() => nginxTest(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-t-")), renderNginxConfig(exampleTable()))).not.toThrow();
  });

  it.each([
    ["a custom hostname", "app.globex.com", "/orders", "globex"],
    ["a wildcard hostname", "shop.globex.io", "/", "globex"],
    ["a deeper name under a wildcard (as the middleware does)", "eu.shop.globex.io", "/", "globex"],
    ["a tenant subdomain", "acme.cells.example.com", "/", "acme"],
    ["a path prefix", "router.example.com", "/acme/orders?page=2", "acme"],
    ["the bare path prefix", "router.example.com", "/globex", "globex"],
  ])("routes %s to its cell with the cell's machine id", async (_case, host, urlPath, cell) => {
    const reply = await request({ port, path: urlPath, headers: { host } });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ cell, url: urlPath, host, forced: MACHINES[cell] });
  });

  it.each([
    ["an unknown host and path", "nobody.example.com", "/hooli/x"],
    ["a prefix that only starts like a tenant", "router.example.com", "/acmeish/x"],
  ])("answers 404 for %s, reaching no cell", async (_case, host, urlPath) => {
    expect((await request({ port, path: urlPath, headers: { host } })).status).toBe(404);
  });

  it("answers its own health path", async () => {
    const reply = await request({ port, path: "/up" });
    expect(reply).toMatchObject({ status: 200, body: "ok" });
  });

  it("carries a 5 MB body to the cell (fly-replay could not)", async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 7);
    const reply = await request({ port, path: "/acme/upload", method: "POST", body, headers: { host: "x.example.com" } });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ cell: "acme", bytes: body.length });
  });
});
