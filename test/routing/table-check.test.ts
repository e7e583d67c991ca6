import { checkRoutingTable, flyReplayMiddleware, renderNginxConfig, RouteEntry, RoutingTable } from "../../lib";
import { handTable, MACHINES, POOL, sharedTable } from "./tables";

/** The shared table with some tenants' entries changed. */
function sharedWith(changes: Record<string, Partial<Record<keyof RouteEntry, unknown>>>, extra: Partial<RoutingTable> = {}): RoutingTable {
  const table = sharedTable();
  const tenants = { ...table.tenants };
  for (const [id, change] of Object.entries(changes)) tenants[id] = { ...tenants[id], ...change } as RouteEntry;
  return { ...table, ...extra, tenants };
}

describe("checkRoutingTable, versions 1 and 2", () => {
  it("reads a version 1 table, whose entries name no cell: each tenant is its own", () => {
    expect(() => checkRoutingTable(handTable(), "test")).not.toThrow();
    expect(() => renderNginxConfig(handTable())).not.toThrow();
    expect(() => flyReplayMiddleware({ table: handTable(), tenantId: "acme" })).not.toThrow();
  });

  it("reads a version 2 table with a shared cell of two tenants and dedicated ones", () => {
    expect(() => checkRoutingTable(sharedTable(), "test")).not.toThrow();
    expect(() => renderNginxConfig(sharedTable())).not.toThrow();
    expect(() => flyReplayMiddleware({ table: sharedTable(), tenantIds: POOL.tenants })).not.toThrow();
  });

  it.each<[string, RoutingTable, string]>([
    ["version 3", { ...handTable(), version: 3 as 2 }, "the routing table version is 3: only versions 1 and 2 are supported"],
    ["a cell in a version 1 table", { ...sharedTable(), version: 1 }, 'tenant "acme" field cell is "pool": only a version 2 table names cells'],
    ["a version 2 entry without its cell", sharedWith({ acme: { cell: undefined } }), 'tenant "acme" field cell is undefined: must be a cell id'],
    ["a cell id that is no slug", sharedWith({ initech: { cell: "initech'; x" } }), `tenant "initech" field cell is "initech'; x": must be a cell id`],
    [
      "tenants of one cell on different machines",
      sharedWith({ globex: { machine: MACHINES.globex } }),
      `tenant "globex" field machine is "${MACHINES.globex}": differs from tenant "acme"'s "${POOL.machine}": tenants of cell "pool" share its app and machine`,
    ],
    [
      "tenants of one cell in different apps",
      sharedWith({ globex: { app: "cells-globex" } }),
      'tenant "globex" field app is "cells-globex": differs from tenant "acme"\'s "cells": tenants of cell "pool"',
    ],
    ["one tenant of a cell without the machine", sharedWith({ globex: { machine: undefined } }), 'tenant "globex" field machine is undefined: must be the cell\'s machine id'],
    [
      "one machine in two cells",
      sharedWith({ initech: { machine: POOL.machine } }),
      `tenant "initech" field machine is "${POOL.machine}": is also tenant "acme"'s, in cell "pool": a machine serves one cell`,
    ],
    [
      "one machine for two tenants of a version 1 table",
      handTable({ acme: { ...handTable().tenants.acme }, globex: { ...handTable().tenants.globex, machine: MACHINES.acme } }),
      'tenant "globex" field machine is "110a1b2c3d4e5f": is also tenant "acme"\'s, in cell "acme"',
    ],
    [
      "the machine-path mode with a shared cell",
      sharedWith({}, { modes: ["machine-path"] }),
      'tenant "globex" field cell is "pool": is also tenant "acme"\'s: the machine-path mode names a machine, not a tenant',
    ],
  ])("refuses %s", (_case, table, message) => {
    expect(() => checkRoutingTable(table, "test")).toThrow(`test: ${message}`);
  });

  it("has the nginx renderer and the middleware refuse a cell whose tenants disagree", () => {
    const table = sharedWith({ globex: { machine: MACHINES.globex } });
    expect(() => renderNginxConfig(table)).toThrow('renderNginxConfig: tenant "globex" field machine');
    expect(() => flyReplayMiddleware({ table, tenantIds: POOL.tenants })).toThrow('flyReplayMiddleware: tenant "globex" field machine');
  });

  it("accepts one cdktf token for the machine of a shared cell where the Router renders (at synth time), and nowhere else", () => {
    const token = "${TfToken[TOKEN.42]}";
    const table = sharedWith({ acme: { machine: token }, globex: { machine: token } });
    expect(() => checkRoutingTable(table, "test", { cdktfTokens: true })).not.toThrow();
    expect(() => renderNginxConfig(table)).not.toThrow();
    expect(() => checkRoutingTable(table, "test")).toThrow('test: tenant "acme" field machine is "${TfToken[TOKEN.42]}": an unresolved Terraform reference');
  });

  it("keeps a hostname to one tenant, even within a shared cell", () => {
    expect(() => checkRoutingTable(sharedWith({ acme: { hosts: ["*.globex.io"] } }), "test")).toThrow('overlaps tenant "globex"');
  });
});
