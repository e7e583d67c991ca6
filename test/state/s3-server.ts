import * as fs from "fs";
import * as http from "http";
import { createRequire } from "module";
import { AddressInfo } from "net";
import * as path from "path";
import { pipeline } from "stream";

/**
 * A local S3 API for tests: @20minutes/s3rver behind a layer that enforces conditional writes.
 *
 * s3rver ignores `If-None-Match: *` on PutObject, so Terraform's S3 lock file (`use_lockfile`)
 * would never be refused there. The layer answers 412 PreconditionFailed, as S3 and Tigris do.
 */

/** Scratch space outside `.tmp/jest` and `.tmp/e2e`, which every jest run (anyone's) wipes at start. */
export const scratchRoot = path.join(__dirname, "..", "..", ".tmp", "state");

export function makeScratchDir(prefix: string): string {
  fs.mkdirSync(scratchRoot, { recursive: true });
  return fs.mkdtempSync(path.join(scratchRoot, prefix));
}

// s3rver ships no type declarations; this is the part of it used here.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  resetOnClose?: boolean;
}) => S3rverInstance;
const S3rver = createRequire(__filename)("@20minutes/s3rver") as S3rverConstructor;

export interface ConditionalWriteLayer {
  /** The layer's base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** How many conditional writes the layer has refused with 412 so far. */
  preconditionFailures(): number;
  close(): Promise<void>;
}

// Hop-by-hop headers belong to one connection, not to the request being relayed.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "expect"]);

function relayHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function s3Error(res: http.ServerResponse, status: number, code: string, message: string, detail: Record<string, string> = {}): void {
  const extra = Object.entries(detail)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join("");
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}</Error>`;
  res.writeHead(status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A PutObject carrying `If-None-Match: *`, path-style (`/<bucket>/<key>`), as Terraform sends its lock file.
 * A subresource (`?tagging`, `?uploadId`, ...) is another operation; the AWS SDKs' `x-id` only names this one.
 */
function isCreateOnlyPut(req: http.IncomingMessage, url: URL): boolean {
  return (
    req.method === "PUT" &&
    req.headers["if-none-match"]?.trim() === "*" &&
    [...url.searchParams.keys()].every((k) => k === "x-id") &&
    url.pathname.split("/").filter(Boolean).length >= 2
  );
}

/** The object a path names, however the client percent-encoded it (a malformed path names only itself). */
function objectName(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/**
 * An HTTP layer in front of an S3 API at `upstreamUrl` (path-style addressing) that refuses an
 * `If-None-Match: *` PutObject onto an existing key with S3's 412 PreconditionFailed. Everything else
 * is relayed unchanged and streamed, Host and signature included.
 *
 * Writes (PUT, DELETE) to one key take turns, each until upstream has answered it, so the existence
 * check and the write of a conditional PUT are one step: of two at once, exactly one creates the key.
 */
export async function conditionalWriteLayer(upstreamUrl: string): Promise<ConditionalWriteLayer> {
  const upstream = new URL(upstreamUrl);
  const agent = new http.Agent({ keepAlive: true });
  const target = { agent, protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port };
  const turns = new Map<string, Promise<void>>();
  let refused = 0;

  /** Runs `write` once every earlier write on `key` has finished. */
  function inTurn(key: string, write: () => Promise<void>): void {
    const mine = (turns.get(key) ?? Promise.resolve()).then(write).catch(() => undefined);
    turns.set(key, mine);
    void mine.then(() => {
      if (turns.get(key) === mine) turns.delete(key);
    });
  }

  /** Relays `req` upstream and its answer back; resolves once upstream has answered (or failed). */
  function relay(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only now the body is wanted: the client held it back for `Expect: 100-continue`.
    if (req.headers.expect) res.writeContinue();
    return new Promise((resolve) => {
      const forward = http.request({ ...target, method: req.method, path: req.url, headers: relayHeaders(req.headers) });
      forward.on("response", (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, relayHeaders(answer.headers));
        pipeline(answer, res, () => resolve());
      });
      pipeline(req, forward, (err) => {
        if (!err) return;
        if (!res.headersSent) s3Error(res, 502, "BadGateway", `upstream: ${err.message}`);
        else res.destroy(err);
        resolve();
      });
    });
  }

  /** Whether the object at `pathname` exists upstream (an unsigned HEAD, which s3rver serves). */
  function exists(pathname: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const head = http.request({ ...target, method: "HEAD", path: pathname }, (answer) => {
        answer.resume();
        if (answer.statusCode === 200) resolve(true);
        else if (answer.statusCode === 404) resolve(false);
        else reject(new Error(`HEAD ${pathname} answered ${answer.statusCode}`));
      });
      head.on("error", reject);
      head.end();
    });
  }

  /** Answers without relaying; the unwanted body is drained so a keep-alive connection stays usable. */
  function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: string, message: string, detail?: Record<string, string>): void {
    req.resume();
    s3Error(res, status, code, message, detail);
  }

  async function conditionalPut(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    let found: boolean;
    try {
      found = await exists(url.pathname);
    } catch (err) {
      refuse(req, res, 503, "ServiceUnavailable", (err as Error).message);
      return;
    }
    if (!found) return relay(req, res);
    refused++;
    refuse(req, res, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-None-Match" });
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://layer");
    if (req.method !== "PUT" && req.method !== "DELETE") {
      void relay(req, res);
      return;
    }
    inTurn(objectName(url.pathname), () => (isCreateOnlyPut(req, url) ? conditionalPut(req, res, url) : relay(req, res)));
  }

  const server = http.createServer(handle);
  // With this listener Node leaves `Expect: 100-continue` to the layer, which answers it only once it takes the body.
  server.on("checkContinue", handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    preconditionFailures: () => refused,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}

export interface S3Server {
  /** The layer's endpoint: what Terraform and tests talk to. */
  endpoint: string;
  /** s3rver itself, without the layer (to show what the layer adds). */
  s3rverEndpoint: string;
  /** The credentials Terraform's S3 backend reads from the environment; region and endpoint are the config's. */
  env: Record<string, string>;
  createBucket(name: string): Promise<void>;
  listKeys(bucket: string): Promise<string[]>;
  getObject(bucket: string, key: string): Promise<string | undefined>;
  /** Conditional writes the layer has refused so far. */
  preconditionFailures(): number;
  stop(): Promise<void>;
}

export interface S3ServerOptions {
  /** Where s3rver keeps its buckets; a fresh scratch directory (removed on stop) by default. */
  directory?: string;
}

// s3rver's built-in account: it checks signatures made with these, and serves unsigned requests too.
const ACCESS_KEY = "S3RVER";
const SECRET_KEY = "S3RVER";

function request(method: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

/** s3rver on a scratch directory and an ephemeral loopback port, with the conditional-write layer in front. */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? makeScratchDir("s3rver-");
  const s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  const address = await s3rver.run();
  const s3rverEndpoint = `http://127.0.0.1:${address.port}`;
  const layer = await conditionalWriteLayer(s3rverEndpoint);
  const endpoint = layer.url;
  // Helper calls are unsigned path-style requests, which s3rver serves anonymously.
  const objectUrl = (bucket: string, key = "") =>
    `${endpoint}/${encodeURIComponent(bucket)}${key ? "/" + key.split("/").map(encodeURIComponent).join("/") : ""}`;

  return {
    endpoint,
    s3rverEndpoint,
    env: {
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    },
    async createBucket(name) {
      const { status, body } = await request("PUT", objectUrl(name));
      if (status !== 200) throw new Error(`create bucket ${name}: ${status} ${body}`);
    },
    async listKeys(bucket) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ "list-type": "2" });
        if (token) query.set("continuation-token", token);
        const { status, body } = await request("GET", `${objectUrl(bucket)}?${query}`);
        if (status !== 200) throw new Error(`list ${bucket}: ${status} ${body}`);
        for (const m of body.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(xmlUnescape(m[1]));
        token = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(body)?.[1];
      } while (token);
      return keys.sort();
    },
    async getObject(bucket, key) {
      const { status, body } = await request("GET", objectUrl(bucket, key));
      if (status === 404) return undefined;
      if (status !== 200) throw new Error(`get ${bucket}/${key}: ${status} ${body}`);
      return body;
    },
    preconditionFailures: () => layer.preconditionFailures(),
    async stop() {
      await layer.close();
      await s3rver.close();
      if (ownDirectory) fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
