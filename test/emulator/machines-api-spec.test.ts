/** The emulated Machines API against Fly's published spec (vendored, structure only). */
import { ROUTES } from "../../emulator/src/machines-api/routes";
import { RunningMachinesApi, startMachinesApi } from "../../emulator/src/machines-api/server";
import { SeededAccount } from "./account-seed";
import { ApiAnswer, call } from "./machines-api-client";
import { loadSpec, OpenApiSchema, problems, schemaNamed } from "./openapi-check";

const spec = loadSpec();
const TOKEN = "spec-test-token";

describe("the vendored Machines API spec", () => {
  test("says where it came from and keeps structure only", () => {
    expect(spec.info["x-flycell-vendored"]).toEqual(expect.objectContaining({ source: expect.stringMatching(/^https:\/\/github\.com\/superfly\/docs\/blob\/[0-9a-f]{40}\/machines-api\/openapi\.json$/), fetched: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
    // Descriptions survive only where OpenAPI requires them, a response's (a property may be named so).
    const described: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${at}[${i}]`));
      else if (v && typeof v === "object") {
        for (const [k, e] of Object.entries(v)) {
          if (k === "description" && !/\.responses\.\d{3}$/.test(at) && !at.endsWith(".properties")) described.push(at);
          walk(e, `${at}.${k}`);
        }
      }
    };
    walk({ paths: spec.paths, components: spec.components }, "$");
    expect(described).toEqual([]);
  });

  test("holds exactly the operations the server answers", () => {
    const served = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    const published = Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(served).toEqual(published);
  });
});

describe("the server's answers conform to the spec", () => {
  let api: RunningMachinesApi;
  let account: SeededAccount;
  const answers: { route: string; answer: ApiAnswer }[] = [];

  /** A call, kept with the spec operation it is an answer of. */
  async function ask(route: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const answer = await call(api.url, TOKEN, method, path, body);
    answers.push({ route, answer });
    return answer;
  }

  beforeAll(async () => {
    account = new SeededAccount()
      .volume("acme", { id: "vol_aaaaaaaaaaaaaaaa", name: "data_acme", snapshotAgesHours: [3, 27], content: "acme-rows-1" })
      .volume("acme", { id: "vol_bbbbbbbbbbbbbbbb", name: "data_globex" })
      .machine("acme", {
        id: "3d8d9e4b2c7a18",
        mounts: ["vol_aaaaaaaaaaaaaaaa"],
        checks: [{ name: "servicecheck-00-http-8080", status: "passing", output: "200 OK", updated_at: new Date().toISOString() }],
      })
      .machine("acme", { id: "3d8d9e4b2c7a19", state: "stopped", image: "nginx" });
    api = await startMachinesApi({ accountFile: account.file, token: TOKEN, rateLimits: false });

    const M = "/v1/apps/{app_name}/machines";
    const V = "/v1/apps/{app_name}/volumes";
    await ask(`GET ${M}`, "GET", "/v1/apps/acme/machines");
    await ask(`GET ${M}/{machine_id}`, "GET", "/v1/apps/acme/machines/3d8d9e4b2c7a19");
    await ask(`GET ${M}/{machine_id}`, "GET", "/v1/apps/acme/machines/0000000000dead");
    await ask(`POST ${M}/{machine_id}/start`, "POST", "/v1/apps/acme/machines/3d8d9e4b2c7a19/start");
    await ask(`POST ${M}/{machine_id}/stop`, "POST", "/v1/apps/acme/machines/3d8d9e4b2c7a19/stop", { signal: "SIGTERM" });
    await ask(`POST ${M}/{machine_id}/restart`, "POST", "/v1/apps/acme/machines/3d8d9e4b2c7a18/restart");
    await ask(`GET ${V}`, "GET", "/v1/apps/acme/volumes");
    await ask(`GET ${V}/{volume_id}`, "GET", "/v1/apps/acme/volumes/vol_aaaaaaaaaaaaaaaa");
    await ask(`POST ${V}/{volume_id}/snapshots`, "POST", "/v1/apps/acme/volumes/vol_aaaaaaaaaaaaaaaa/snapshots");
    const listed = await ask(`GET ${V}/{volume_id}/snapshots`, "GET", "/v1/apps/acme/volumes/vol_aaaaaaaaaaaaaaaa/snapshots");
    const [snapshot] = listed.body as { id: string }[];
    const compute = { cpu_kind: "shared", cpus: 1, memory_mb: 256 };
    const create = (body: object) => ask(`POST ${V}`, "POST", "/v1/apps/acme/volumes", body);
    await create({ name: "g1_acme", region: "ams", size_gb: 1, encrypted: true, require_unique_zone: true, auto_backup_enabled: true, snapshot_retention: 5, compute, snapshot_id: snapshot.id });
    await create({ name: "g1_globex", region: "fra", size_gb: 1, source_volume_id: "vol_bbbbbbbbbbbbbbbb" });
    await create({ name: "g2_acme", region: "ams", size_gb: 1, snapshot_id: "vs_nosuchsnapshot00" });
    await create({ name: "Bad Name", region: "ams", size_gb: 1 });
    await ask(`GET ${V}`, "GET", "/v1/apps/nosuchapp/volumes");
  });
  afterAll(() => api.close());

  test("every answer (and every request body sent) has the spec's shape for its status", () => {
    const found: string[] = [];
    expect(answers.map((a) => a.answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 400, 404, 404, 404]);
    for (const { route, answer } of answers) {
      const [method, path] = route.split(" ");
      const operation = spec.paths[path]?.[method.toLowerCase()];
      expect([route, operation !== undefined]).toEqual([route, true]);
      let schema: OpenApiSchema | undefined;
      if (answer.status >= 400) schema = schemaNamed(spec, "ErrorResponse");
      else {
        const declared = operation.responses[String(answer.status)];
        expect([route, answer.status, declared !== undefined]).toEqual([route, answer.status, true]);
        schema = declared.content?.["application/json"]?.schema;
        // A response the spec gives no content has no body.
        if (!schema) expect([route, answer.body]).toEqual([route, undefined]);
      }
      if (schema) found.push(...problems(spec, answer.body, schema).map((p) => `${route} ${answer.status}: ${p}`));
    }
    expect(found).toEqual([]);
    // The answers hold the fields flycell reads, so conformance is not vacuous.
    const machines = answers[0].answer.body as Record<string, unknown>[];
    expect(Object.keys(machines[0]).sort()).toEqual(expect.arrayContaining(["checks", "config", "host_status", "id", "image_ref", "state", "updated_at"]));
  });

  test("the request bodies sent are the spec's CreateVolumeRequest and StopRequest", () => {
    const bodies = [
      { name: "g1_acme", region: "ams", size_gb: 1, encrypted: true, require_unique_zone: true, auto_backup_enabled: true, snapshot_retention: 5, compute: { cpu_kind: "shared", cpus: 1, memory_mb: 256 }, snapshot_id: "vs_x" },
      { name: "g1_globex", region: "fra", size_gb: 1, source_volume_id: "vol_b" },
    ];
    expect(bodies.flatMap((b) => problems(spec, b, schemaNamed(spec, "CreateVolumeRequest")))).toEqual([]);
    expect(problems(spec, { signal: "SIGTERM" }, schemaNamed(spec, "StopRequest"))).toEqual([]);
    // And the checker does catch what is off.
    expect(problems(spec, { name: "x", size_gb: "1", flavour: "big" }, schemaNamed(spec, "CreateVolumeRequest"))).toEqual(["$.size_gb: expected an integer, got \"1\"", "$.flavour: not a field of the schema"]);
  });
});
