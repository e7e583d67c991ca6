import * as http from "http";
import { S3Server, startS3Server } from "./s3-server";

// The conditional-write layer over plain HTTP: what it refuses, what it relays, and that s3rver
// alone does not refuse (why the layer is there for Terraform's S3 lock file).

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

let s3: S3Server;
const BUCKET = "layer-test";
let keys = 0;
/** A key no other test has used. */
const freshKey = (name: string) => `dir/${name}-${++keys}.tflock`;

beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
});

afterAll(async () => {
  await s3?.stop();
});

function send(method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: options.headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const objectUrl = (key: string, base = s3.endpoint) => `${base}/${BUCKET}/${key}`;
const put = (key: string, body: string, base?: string) => send("PUT", objectUrl(key, base), { body });
const putIfAbsent = (key: string, body: string, base?: string) => send("PUT", objectUrl(key, base), { headers: { "if-none-match": "*" }, body });

it("relays a plain PUT: a second one overwrites the first", async () => {
  const key = freshKey("plain");
  expect((await put(key, "first")).status).toBe(200);
  expect((await put(key, "second")).status).toBe(200);
  expect(await s3.getObject(BUCKET, key)).toBe("second");
});

it("lets a conditional PUT create a new key", async () => {
  const key = freshKey("new");
  expect((await putIfAbsent(key, "lock")).status).toBe(200);
  expect(await s3.getObject(BUCKET, key)).toBe("lock");
});

it("refuses a conditional PUT onto an existing key with S3's 412 PreconditionFailed and keeps the object", async () => {
  const key = freshKey("taken");
  expect((await putIfAbsent(key, "holder")).status).toBe(200);
  const before = s3.preconditionFailures();

  const refused = await putIfAbsent(key, "intruder");
  expect(refused.status).toBe(412);
  expect(refused.headers["content-type"]).toBe("application/xml");
  expect(refused.body).toContain("<Code>PreconditionFailed</Code>");
  expect(refused.body).toContain("<Condition>If-None-Match</Condition>");
  expect(s3.preconditionFailures()).toBe(before + 1);
  expect(await s3.getObject(BUCKET, key)).toBe("holder");
});

it("of many conditional PUTs of one new key at once, exactly one creates it", async () => {
  const key = freshKey("race");
  const before = s3.preconditionFailures();
  const bodies = Array.from({ length: 8 }, (_, i) => `runner-${i}`);

  const answers = await Promise.all(bodies.map((body) => putIfAbsent(key, body)));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 412)).toHaveLength(7);
  expect(s3.preconditionFailures()).toBe(before + 7);
  // The stored object is the winner's, not a later loser's.
  expect(await s3.getObject(BUCKET, key)).toBe(bodies[statuses.indexOf(200)]);
});

it("lets a conditional PUT create the key again once it was deleted (a released lock)", async () => {
  const key = freshKey("released");
  expect((await putIfAbsent(key, "first holder")).status).toBe(200);
  expect((await send("DELETE", objectUrl(key))).status).toBe(204);
  expect(await s3.getObject(BUCKET, key)).toBeUndefined();

  expect((await putIfAbsent(key, "next holder")).status).toBe(200);
  expect(await s3.getObject(BUCKET, key)).toBe("next holder");
});

it("relays a GET unchanged: the same status, body and object headers as s3rver's own answer", async () => {
  const key = freshKey("read");
  expect((await send("PUT", objectUrl(key), { headers: { "content-type": "application/json" }, body: '{"version":4}' })).status).toBe(200);

  const [viaLayer, direct] = await Promise.all([send("GET", objectUrl(key)), send("GET", objectUrl(key, s3.s3rverEndpoint))]);
  expect(viaLayer).toMatchObject({ status: 200, body: '{"version":4}' });
  for (const header of ["etag", "content-type", "content-length", "last-modified"]) {
    expect({ header, value: viaLayer.headers[header] }).toEqual({ header, value: direct.headers[header] });
  }
  expect(viaLayer.headers["content-type"]).toBe("application/json");
  // A missing key is s3rver's 404 NoSuchKey, relayed.
  const missing = await send("GET", objectUrl(freshKey("missing")));
  expect(missing.status).toBe(404);
  expect(missing.body).toContain("<Code>NoSuchKey</Code>");
});

it("without the layer, s3rver accepts a conditional PUT onto an existing key and overwrites it", async () => {
  const key = freshKey("unguarded");
  expect((await putIfAbsent(key, "holder", s3.s3rverEndpoint)).status).toBe(200);
  expect((await putIfAbsent(key, "intruder", s3.s3rverEndpoint)).status).toBe(200);
  expect(await s3.getObject(BUCKET, key)).toBe("intruder");
});
