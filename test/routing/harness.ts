import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";

/** Where Debian puts nginx; .ci/run installs it. */
export const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));

/** nginx flags that keep pid, logs and temp files in `dir`; as root, workers stay root so they can use them. */
function nginxArgs(dir: string, conf: string): string[] {
  const globals = `pid ${path.join(dir, "nginx.pid")};${process.getuid?.() === 0 ? " user root;" : ""}`;
  return ["-p", dir, "-e", path.join(dir, "error.log"), "-c", conf, "-g", globals];
}

/** `nginx -t` on a config; returns nginx's output, throws with it when the config is invalid. */
export function nginxTest(dir: string, config: string): string {
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, config);
  return execFileSync(NGINX as string, ["-t", ...nginxArgs(dir, conf)], { encoding: "utf8", stdio: "pipe" });
}

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts nginx in the foreground on a config; resolves once it answers on `port`. */
export async function startNginx(dir: string, config: string, port: number): Promise<ChildProcess> {
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, config);
  const child = spawn(NGINX as string, [...nginxArgs(dir, conf).slice(0, -1), `daemon off; ${nginxArgs(dir, conf).at(-1)}`], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    try {
      await request({ port, path: "/__flycell_probe" });
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill();
  throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
}

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export function request(options: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: options.port, path: options.path, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A stand-in cell: answers every request with JSON naming itself and what it received. */
export async function startEchoCell(name: string): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ cell: name, url: req.url, host: req.headers.host, forced: req.headers["fly-force-instance-id"] ?? null, bytes }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
