import * as http from "node:http";
import * as https from "node:https";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

// Kept-alive connections: the monitor calls the same two or three hosts all day, the CLI one.
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

/** Answers larger than this are cut off: a list of a few thousand machines fits. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

type RequestInit = { method: string; headers?: Record<string, string>; body?: string; timeoutMs: number };

/**
 * One HTTP(S) request with a time limit; resolves with any status, rejects on network errors.
 * Tried again once when a kept-alive connection turns out closed by the server.
 */
export function httpRequest(url: string, init: RequestInit, retry = true): Promise<HttpAnswer> {
  const secure = url.startsWith("https:");
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      url,
      { method: init.method, headers: init.headers, agent: secure ? agents.https : agents.http, timeout: init.timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new Error(`answer over ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer in ${init.timeoutMs} ms`)));
    request.on("error", (err: NodeJS.ErrnoException) => {
      if (retry && request.reusedSocket && err.code === "ECONNRESET") resolve(httpRequest(url, init, false));
      else reject(err);
    });
    request.end(init.body);
  });
}
