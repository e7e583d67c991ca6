import * as http from "http";
import { AddressInfo } from "net";
import {
  checkRoutingTable,
  flyReplayMiddleware,
  readRoutingTable,
  renderNginxConfig,
  RoutingTable,
  RoutingTableError,
  tenantForRequest,
} from "../../lib";
import { rawRequest } from "./raw-http";
import { entry, handTable, MACHINES, withEntry } from "./tables";

// Tables built by hand or read from a file reach every reader, so each checks them the same
// way: all problems at once, as a RoutingTableError naming tenant and field, never a TypeError.

/** Every entry point that takes a table, each checking it first. */
const READERS: [string, (table: unknown) => unknown][] = [
  ["checkRoutingTable", (t) => checkRoutingTable(t, "checkRoutingTable")],
  ["renderNginxConfig", (t) => renderNginxConfig(t as RoutingTable)],
  ["flyReplayMiddleware", (t) => flyReplayMiddleware({ table: t as RoutingTable, tenantId: "acme" })],
  ["readRoutingTable", (t) => readRoutingTable(t)],
  ["readRoutingTable (JSON text)", (t) => readRoutingTable(JSON.stringify(t))],
  ["tenantForRequest", (t) => tenantForRequest(t as RoutingTable, "app.globex.com", "/")],
];

/** The error a reader throws, or a failure naming what it did instead. */
function errorOf(read: (table: unknown) => unknown, table: unknown): RoutingTableError {
  try {
    read(table);
  } catch (err) {
    if (err instanceof RoutingTableError) return err;
    throw new Error(`threw ${String(err)}, not a RoutingTableError`);
  }
  throw new Error("accepted the table");
}

const { modes: _modes, ...withoutModes } = handTable();
const TOKEN = "${TfToken[TOKEN.42]}";

describe.each(READERS)("%s refuses a malformed table with a RoutingTableError", (who, read) => {
  const prefix = who.replace(/ \(.*/, "");

  it.each<[string, unknown, string]>([
    ["a null entry", { ...handTable(), tenants: { ...handTable().tenants, acme: null } }, `tenant "acme" is null: must be an object`],
    ["an entry that is a string", { ...handTable(), tenants: { ...handTable().tenants, acme: "cells" } }, `tenant "acme" is "cells": must be an object`],
    ["no modes", withoutModes, "modes is undefined: must be a non-empty list of path, host, machine-path"],
    ["modes as a string", { ...handTable(), modes: "path" }, 'modes is "path": must be a non-empty list'],
    ["an empty list of modes", { ...handTable(), modes: [] }, "modes is []: must be a non-empty list"],
    ["an unknown mode", { ...handTable(), modes: ["path", "cookie"] }, 'modes is "cookie": is not a routing mode'],
    ["topology bogus", { ...handTable(), topology: "bogus" }, 'topology is "bogus": must be one of shared-app, app-per-cell'],
    ["a health path equal to a tenant's path", { ...handTable(), healthPath: "/acme" }, `healthPath is "/acme": starts with tenant "acme"'s path`],
    ["a health path below a tenant's path", { ...handTable(), healthPath: "/globex/up" }, `healthPath is "/globex/up": starts with tenant "globex"'s path`],
    ["a health path that is a machine id", { ...handTable(), healthPath: `/${MACHINES.acme}` }, `healthPath is "/${MACHINES.acme}": starts with machine id "${MACHINES.acme}", a machine-path prefix`],
    ["a null table", null, "the routing table is null: must be an object"],
    ["a list for a table", [handTable()], "the routing table is [{"],
    ["null tenants", { ...handTable(), tenants: null }, "tenants is null: must be an object of entries by tenant id"],
    ["tenants as a list", { ...handTable(), tenants: [entry("acme")] }, "tenants is [{"],
    ["hosts as a string", withEntry("acme", { hosts: "acme.example.com" }), `tenant "acme" field hosts is "acme.example.com": must be a list of hostnames`],
    ["a null host", withEntry("acme", { hosts: [null] }), `tenant "acme" field hosts is null: must be a lowercase hostname`],
    ["a number for a machine id", withEntry("acme", { machine: 42 }), `tenant "acme" field machine is 42: must be a Fly machine id (14 lowercase hex digits)`],
    ["a region that is no Fly region code", withEntry("acme", { region: "Amsterdam" }), `tenant "acme" field region is "Amsterdam": must be a Fly region code`],
    ["a misspelt field", { ...handTable(), tenants: { ...handTable().tenants, acme: { ...entry("acme"), hostnames: ["acme.example.com"] } } }, `tenant "acme" field "hostnames" is ["acme.example.com"]: is not a routing table entry field`],
    ["an unknown table field", { ...handTable(), router: true }, `the routing table field "router" is true: is not a routing table field`],
    ["a machine in the app-per-cell topology", { ...handTable(), topology: "app-per-cell" }, `tenant "acme" field machine is "${MACHINES.acme}": must be absent`],
    ["no machine in the shared-app topology", withEntry("acme", { machine: undefined }), `tenant "acme" field machine is undefined: must be the cell's machine id`],
    ["machine-path with app-per-cell", { ...handTable({ acme: { ...entry("acme"), machine: undefined } }), topology: "app-per-cell", modes: ["machine-path"] }, 'modes is "machine-path": needs topology "shared-app"'],
  ])("%s", (_case, table, message) => {
    expect(errorOf(read, table).message).toContain(`${prefix}: ${message}`);
  });

  it("refuses a Terraform reference from a synthesized config, saying to read the table with terraform output", () => {
    const message = errorOf(read, withEntry("acme", { machine: "${fly_machine.fleet_cell-acme_machine_0A1B2C3D.id}" })).message;
    expect(message).toContain('tenant "acme" field machine is "${fly_machine.fleet_cell-acme_machine_0A1B2C3D.id}": an unresolved Terraform reference');
    expect(message).toContain("read it with `terraform output -json routing_table`");
  });

});

// JSON text cannot hold these values, so the JSON reader is not asked.
describe.each(READERS.filter(([who]) => !who.includes("JSON")))("%s describes a value JSON cannot hold", (who, read) => {
  it("without throwing", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = errorOf(read, withEntry("acme", { machine: 10n, region: cyclic }));
    expect(error.message).toContain(`${who}: tenant "acme" field machine is 10n`);
    expect(error.message).toContain(`${who}: tenant "acme" field region is an object that is not JSON`);
  });
});

// The Router construct renders at synth time, so renderNginxConfig alone takes cdktf tokens.
describe.each(READERS.filter(([who]) => who !== "renderNginxConfig"))("%s refuses a cdktf token as a machine id", (who, read) => {
  it("saying the table was read before apply", () => {
    const message = errorOf(read, withEntry("globex", { machine: TOKEN })).message;
    expect(message).toContain(`${who.replace(/ \(.*/, "")}: tenant "globex" field machine is "${TOKEN}": an unresolved Terraform reference: this table was read before apply`);
  });
});

describe("every problem of a table at once", () => {
  const table = {
    version: 2,
    topology: "bogus",
    healthPath: "/up",
    modes: "path",
    tenants: { acme: null, globex: { ...entry("globex"), machine: TOKEN, path: "/acme" } },
  };

  it("lists each, one a line, each naming its tenant and field", () => {
    const error = errorOf((t) => flyReplayMiddleware({ table: t as RoutingTable, tenantId: "globex" }), table);
    expect(error.name).toBe("RoutingTableError");
    expect(error.problems.map((p) => p.where)).toEqual([
      "topology",
      "modes",
      'tenant "acme"',
      'tenant "globex" field machine',
      'tenant "globex" field path',
      'tenant "globex" field cell',
    ]);
    expect(error.message.split("\n")).toHaveLength(6);
    expect(error.message.split("\n").every((line) => line.startsWith("flyReplayMiddleware: "))).toBe(true);
  });
});

describe("readRoutingTable", () => {
  it("reads the JSON of terraform output -json routing_table into an equal, frozen copy", () => {
    const read = readRoutingTable(JSON.stringify(handTable()));
    expect(JSON.parse(JSON.stringify(read))).toEqual(handTable());
    expect(Object.isFrozen(read) && Object.isFrozen(read.tenants) && Object.isFrozen(read.tenants.acme) && Object.isFrozen(read.tenants.acme.hosts)).toBe(true);
  });

  it("keeps tenants in a record without a prototype, so no id answers from one", () => {
    const read = readRoutingTable(handTable());
    for (const id of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(read.tenants[id]).toBeUndefined();
  });

  it("refuses text that is not JSON, naming it", () => {
    expect(() => readRoutingTable("{ version: 1")).toThrow(/^readRoutingTable: the routing table is "\{ version: 1": is not JSON/);
  });

  it("refuses a tenant spelled __proto__ in the JSON, as any id that is no slug", () => {
    const text = JSON.stringify(handTable()).replace('"acme":', '"__proto__":');
    expect(() => readRoutingTable(text)).toThrow('readRoutingTable: tenant "__proto__" field id is "__proto__": must be lowercase letters');
  });
});

describe("the middleware routes with the table as checked", () => {
  let server: http.Server;
  let port: number;
  const table = handTable();

  beforeAll(async () => {
    const middleware = flyReplayMiddleware({ table, tenantId: "acme" });
    server = http.createServer((req, res) => middleware(req, res, () => res.end("served by acme")));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("ignores later changes to the caller's table: no unchecked value, no CR/LF, reaches fly-replay", async () => {
    const globex = table.tenants.globex as { machine?: string };
    globex.machine = "0a1b2c3d4e5f60\r\nset-cookie: session=stolen";
    const reply = await rawRequest(port, "/globex/x", ["Host: router.example.com"]);
    expect(reply.status).toBe(409);
    expect(reply.headers["fly-replay"]).toBe(`instance=${MACHINES.globex}`);
    expect(reply.headers["set-cookie"]).toBeUndefined();
  });
});
