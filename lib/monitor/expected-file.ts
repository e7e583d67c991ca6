import * as fs from "node:fs";
import type { ExpectedCell, ExpectedCells } from "./expected";

const MACHINE_ID = /^[0-9a-f]{14}$/;

function problemsOf(id: string, cell: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of ["app", "region", "image"] as const) {
    if (typeof cell[field] !== "string" || cell[field] === "") problems.push(`cell ${id}: ${field} is not a non-empty string`);
  }
  // A Terraform reference left unresolved would look like "${fly_machine...}".
  if (typeof cell.machine !== "string" || !MACHINE_ID.test(cell.machine)) problems.push(`cell ${id}: machine ${JSON.stringify(cell.machine)} is not a machine id (14 hex characters)`);
  if (!Array.isArray(cell.tenants) || !cell.tenants.every((t) => typeof t === "string")) problems.push(`cell ${id}: tenants is not a list of tenant ids`);
  if (cell.volume !== undefined && typeof cell.volume !== "string") problems.push(`cell ${id}: volume is not a string`);
  if (cell.autoBackupEnabled !== undefined && typeof cell.autoBackupEnabled !== "boolean") problems.push(`cell ${id}: autoBackupEnabled is not true or false`);
  return problems;
}

/** The expected-cells document from its JSON text; throws naming every problem and `source`. */
export function parseExpectedCells(text: string, source: string): ExpectedCells {
  let doc: { version?: unknown; cells?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`);
  }
  if (doc?.version !== 1) throw new Error(`${source}: version is ${JSON.stringify(doc?.version)}: this monitor reads version 1`);
  if (typeof doc.cells !== "object" || doc.cells === null || Array.isArray(doc.cells)) throw new Error(`${source}: cells is not an object of cells by id`);
  const cells = doc.cells as Record<string, Record<string, unknown>>;
  const problems = Object.entries(cells).flatMap(([id, cell]) => (typeof cell === "object" && cell !== null ? problemsOf(id, cell) : [`cell ${id}: not an object`]));
  if (problems.length > 0) throw new Error(`${source}:\n  ${problems.join("\n  ")}`);
  return { version: 1, cells: cells as unknown as Record<string, ExpectedCell> };
}

export function readExpectedCells(path: string): ExpectedCells {
  return parseExpectedCells(fs.readFileSync(path, "utf8"), path);
}
