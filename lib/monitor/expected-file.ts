import * as fs from "node:fs";
import { ExpectedCell, ExpectedCells, isCellId } from "./expected";

const MACHINE_ID = /^[0-9a-f]{14}$/;
const KEY_KINDS: readonly unknown[] = ["cell", "fleet"];

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
  if (cell.heartbeatKey !== undefined && !KEY_KINDS.includes(cell.heartbeatKey)) problems.push(`cell ${id}: heartbeatKey ${JSON.stringify(cell.heartbeatKey)} is not "cell" or "fleet"`);
  return problems;
}

/**
 * The expected-cells document from its JSON text; throws naming every problem and `source`.
 * Its cells come back in a null-prototype record, under ids that are slugs.
 */
export function parseExpectedCells(text: string, source: string): ExpectedCells {
  let doc: { version?: unknown; cells?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`);
  }
  if (doc?.version !== 1) throw new Error(`${source}: version is ${JSON.stringify(doc?.version)}: this monitor reads version 1`);
  if (typeof doc.cells !== "object" || doc.cells === null || Array.isArray(doc.cells)) throw new Error(`${source}: cells is not an object of cells by id`);
  // JSON.parse makes "__proto__" an own key like any other; Object.entries sees it.
  const entries = Object.entries(doc.cells as Record<string, unknown>);
  const problems = entries.flatMap(([id, cell]) => {
    if (!isCellId(id)) return [`cell ${JSON.stringify(id)}: a cell id is lowercase letters, digits and single hyphens`];
    return typeof cell === "object" && cell !== null && !Array.isArray(cell) ? problemsOf(id, cell as Record<string, unknown>) : [`cell ${id}: not an object`];
  });
  if (problems.length > 0) throw new Error(`${source}:\n  ${problems.join("\n  ")}`);
  const cells = Object.assign(Object.create(null) as Record<string, ExpectedCell>, Object.fromEntries(entries as [string, ExpectedCell][]));
  return { version: 1, cells };
}

export function readExpectedCells(path: string): ExpectedCells {
  return parseExpectedCells(fs.readFileSync(path, "utf8"), path);
}
