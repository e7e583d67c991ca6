/**
 * Fixed scenarios: each shrunk counterexample the properties found, kept under a name for
 * what it shows, and a few lifecycles that must let volumes go. Replayed by the regression
 * tests on the fast tier, and some on the real one.
 */
import { Scenario } from "./model";

const oneCell = { "ams-1": { region: "ams", capacity: 2 } } as const;

/** Decommission then release a dedicated tenant, and release a shared cell once its tenant is released: three volumes go, rightly. */
export const LIFECYCLE: Scenario = {
  fleet: {
    topology: "shared-app",
    sharding: { by: "field" },
    sharedCells: oneCell,
    tenants: [
      { id: "a", region: "ams", shard: "x" },
      { id: "constructor", region: "ams", cell: "ams-1", shard: "x" },
      { id: "b", region: "ord", shard: "y" },
    ],
  },
  steps: [
    { edits: [{ op: "advance", at: 0 }, { op: "advance", at: 1 }], ledger: "synced", sync: "all" },
    { edits: [{ op: "advance", at: 0 }, { op: "advance", at: 1 }], ledger: "synced", sync: "all" },
    { edits: [{ op: "cellStatus", at: 0, status: "released" }, { op: "region", at: 2, region: "ams", consent: true }], ledger: "synced", sync: "all" },
  ],
};

export const REGRESSIONS: Readonly<Record<string, Scenario>> = {
  // Found by fuzz:safety --stranded: the cell's volume stayed in the state of stack "fleet" while "fleet-region-ams" planned an empty one.
  "sharding added to a deployed fleet is refused by the ledger, so no cell starts empty in a new stack": {
    fleet: { topology: "shared-app", sharedCells: { "ams-1": { region: "ams", capacity: 1 } }, tenants: [{ id: "a", region: "ams", cell: "ams-1" }] },
    steps: [{ edits: [{ op: "sharding", sharding: { by: "region" } }], ledger: "synced", sync: "all" }],
  },
  // Found by the fast tier (seed 20261203, run 159): no volume goes with the line, so only the cells output shows it.
  "a shared cell's tenant dropped on a ledger copy that predates it is refused, so its cell cannot be released over its data": {
    fleet: { topology: "shared-app", sharedCells: { "ams-1": { region: "ams", capacity: 1 } }, tenants: [{ id: "a", region: "ams", cell: "ams-1" }] },
    steps: [
      { edits: [{ op: "remove", at: 0 }], ledger: { stale: 1 }, sync: "all" },
      { edits: [{ op: "cellStatus", at: 0, status: "released" }], ledger: "synced", sync: "all" },
    ],
  },
  // Found by fuzz:safety as a false alarm: the invariant took the cell's half-applied stack for the tenant's move.
  "a tenant whose move into a shared cell was half applied (the cell's stack applied, its own refused) may still leave its region with consent": {
    fleet: {
      topology: "shared-app",
      sharding: { by: "hash", count: 2 },
      sharedCells: { "ams-1": { region: "ams", capacity: 1 } },
      tenants: [{ id: "constructor", region: "ams" }, { id: "b", region: "ams" }, { id: "a", region: "ams" }],
    },
    steps: [
      { edits: [{ op: "cell", at: 0, cell: 0, consent: false }], ledger: { stale: 1 }, sync: "all" },
      { edits: [{ op: "region", at: 0, region: "ord", consent: true }], ledger: { stale: 1 }, sync: "all" },
    ],
  },
  // Found by fuzz:safety as a false alarm of the invariant itself, which then wanted the release line in the old place.
  "a decommissioned tenant released in the same pull request that moves it into a shared cell lets its volume go": {
    fleet: { topology: "shared-app", sharedCells: { "ams-1": { region: "ord", capacity: 1 } }, tenants: [{ id: "a", region: "ams" }] },
    steps: [
      { edits: [{ op: "advance", at: 0 }], ledger: "synced", sync: "all" },
      { edits: [{ op: "advance", at: 0 }, { op: "cell", at: 0, cell: 0, consent: true }], ledger: "synced", sync: "all" },
    ],
  },
  // Found with the ledger file deleted: a missing file was read as an empty ledger.
  "a missing ledger file is refused, so a shared cell's tenant cannot be dropped and its cell released": {
    fleet: { topology: "shared-app", sharedCells: { "ams-1": { region: "ams", capacity: 1 } }, tenants: [{ id: "a", region: "ams", cell: "ams-1" }] },
    steps: [
      { edits: [{ op: "remove", at: 0 }], ledger: "missing", sync: "all" },
      { edits: [{ op: "cellStatus", at: 0, status: "released" }], ledger: "synced", sync: "all" },
    ],
  },
  "a shared cell's tenant moved to another cell without consent on a stale ledger is refused by the guard": {
    fleet: { topology: "shared-app", sharedCells: { "ams-1": { region: "ams", capacity: 2 }, "ams-2": { region: "ams", capacity: 2 } }, tenants: [{ id: "a", region: "ams", cell: "ams-1" }] },
    steps: [
      { edits: [{ op: "cell", at: 0, cell: 1, consent: false }], ledger: { stale: 1 }, sync: "all" },
      { edits: [{ op: "cellStatus", at: 0, status: "released" }], ledger: "synced", sync: "all" },
    ],
  },
  "a tenant named constructor in a stack the sync does not read stays in the ledger": {
    fleet: { topology: "shared-app", sharding: { by: "field" }, sharedCells: {}, tenants: [{ id: "constructor", region: "ams", shard: "x" }, { id: "b", region: "ord", shard: "y" }] },
    steps: [{ edits: [{ op: "size", at: 1, size: 2 }], ledger: "synced", sync: { only: [1] } }],
  },
  "a shared cell named constructor in a stack the sync does not read stays in the ledger": {
    fleet: {
      topology: "shared-app",
      sharding: { by: "field" },
      // Built from entries: in an object literal, TypeScript types a `constructor` key apart.
      sharedCells: Object.fromEntries([["constructor", { region: "ams" as const, capacity: 2 }]]),
      tenants: [{ id: "a", region: "ams", cell: "constructor", shard: "x" }, { id: "b", region: "ord", shard: "y" }],
    },
    steps: [{ edits: [{ op: "size", at: 1, size: 2 }], ledger: "synced", sync: { only: [1] } }],
  },
  "a dedicated tenant's line dropped on a stale ledger is refused by the guard": {
    fleet: { topology: "app-per-cell", sharedCells: {}, tenants: [{ id: "a", region: "ams" }, { id: "b", region: "ord" }] },
    steps: [{ edits: [{ op: "remove", at: 1 }], ledger: { stale: 1 }, sync: "all" }],
  },
  "an output whose name merely contains released_volumes lets no volume go": {
    fleet: { topology: "shared-app", sharedCells: {}, tenants: [{ id: "a", region: "ams" }, { id: "b", region: "ord" }] },
    steps: [
      { edits: [{ op: "extraOutput", at: 1 }], ledger: "synced", sync: "all" },
      { edits: [{ op: "remove", at: 1 }], ledger: { stale: 2 }, sync: "all" },
    ],
  },
  // Found by the model with recoveries: the sync looked for `data_<id>` in released_volumes, not the last generation's name.
  "a tenant released after a restore and the release of its first volume is recorded released by the ledger sync": {
    fleet: { topology: "app-per-cell", sharedCells: {}, tenants: [{ id: "a", region: "ams" }] },
    steps: [
      { edits: [{ op: "restore", at: 0, generation: "next" }], ledger: "synced", sync: "all" },
      { edits: [{ op: "releaseVolume", at: 0, generation: "kept" }], ledger: "synced", sync: "all" },
      { edits: [{ op: "advance", at: 0 }], ledger: "synced", sync: "all" },
      { edits: [{ op: "advance", at: 0 }], ledger: "synced", sync: "all" },
    ],
  },
  // Found by the model with recoveries: the sync looked for `data_<id>` in released_volumes, not the last generation's name.
  "a shared cell released after a restore and the release of its first volume is recorded released by the ledger sync": {
    fleet: { topology: "app-per-cell", sharedCells: oneCell, tenants: [{ id: "b", region: "ams", cell: "ams-1" }] },
    steps: [
      { edits: [{ op: "cellRestore", at: 0, generation: "next" }], ledger: "synced", sync: "all" },
      { edits: [{ op: "cellReleaseVolume", at: 0, generation: "kept" }], ledger: "synced", sync: "all" },
      { edits: [{ op: "advance", at: 0 }], ledger: "synced", sync: "all" },
      { edits: [{ op: "advance", at: 0 }], ledger: "synced", sync: "all" },
      { edits: [{ op: "cellStatus", at: 0, status: "released" }], ledger: "synced", sync: "all" },
    ],
  },
  // Found by fuzz:safety: a tenant released in its own cell holds no data in the shared cell its line moves into (the invariant counted it).
  "a tenant released in its own cell, whose line then moves into a shared cell, does not hold that cell's volume": {
    fleet: { topology: "shared-app", sharedCells: { "ams-1": { region: "ams", capacity: 1 } }, tenants: [{ id: "b", region: "ams", cell: "ams-1" }, { id: "a", region: "ams" }] },
    steps: [
      { edits: [{ op: "advance", at: 0 }, { op: "advance", at: 1 }], ledger: "synced", sync: "all" },
      { edits: [{ op: "advance", at: 0 }, { op: "advance", at: 1 }], ledger: "synced", sync: "all" },
      { edits: [{ op: "cell", at: 1, cell: 0, consent: true }, { op: "cellStatus", at: 0, status: "released" }], ledger: "synced", sync: "all" },
    ],
  },
  // Found by the model with recoveries: on a ledger copy from before the restore, the recover step refuses when the volume it copied from is gone.
  "a ledger copy from before a restore does not make the released volume it restored from again, empty": {
    fleet: { topology: "shared-app", sharedCells: {}, tenants: [{ id: "a", region: "ams" }] },
    steps: [
      { edits: [{ op: "restore", at: 0, generation: "next" }], ledger: "synced", sync: "all" },
      { edits: [{ op: "releaseVolume", at: 0, generation: "kept" }], ledger: "synced", sync: "all" },
      { edits: [{ op: "releaseVolume", at: 0, generation: null }], ledger: { stale: 2 }, sync: "all" },
    ],
  },
};

/**
 * A tenant's and a shared cell's volume generations: restores, a fork, releases of kept volumes,
 * and deploys that die midway (after the recover step; after the apply, before the ledger
 * sync) and run again. Exactly the released kept volumes go.
 */
export const RECOVERY_LIFECYCLE: Scenario = {
  fleet: { topology: "shared-app", sharedCells: oneCell, tenants: [{ id: "a", region: "ams" }, { id: "b", region: "ams", cell: "ams-1" }] },
  steps: [
    { edits: [{ op: "restore", at: 0, generation: "next" }], ledger: "synced", sync: "all", crash: { after: "recover" } },
    {
      edits: [{ op: "releaseVolume", at: 0, generation: "kept" }, { op: "cellRestore", at: 0, generation: "next" }],
      ledger: "synced",
      sync: "all",
      crash: { after: "apply", applies: 1 },
    },
    { edits: [{ op: "fork", at: 0, region: "ord", generation: "next" }, { op: "cellReleaseVolume", at: 0, generation: "kept" }], ledger: "synced", sync: "all" },
    { edits: [{ op: "dropMove", at: 0 }, { op: "releaseVolume", at: 0, generation: "kept" }], ledger: "synced", sync: "all" },
    // On a ledger copy from before the fork, the lines are refused: that copy's volumes are not the deployed ones.
    { edits: [{ op: "restore", at: 0, generation: 1 }], ledger: { stale: 3 }, sync: "all" },
  ],
};

/** A counterexample of a hole still open in lib/ (README, "Not done yet"): the scenario, and the check it fails today. */
export interface KnownFailure {
  readonly scenario: Scenario;
  readonly failure: RegExp;
}

/** Each must still fail its check; once lib/ closes the hole its test fails, and the case moves to REGRESSIONS. */
export const KNOWN_FAILURES: Readonly<Record<string, KnownFailure>> = {
  // fuzz:safety --stranded --recoveries 4 --seed 90999573: sharding added on a ledger copy that never recorded the shared
  // cell's stack; the cell's volume stays in the old stack's state while the shard plans a new, empty one.
  "sharding added on a stale ledger leaves a shared cell's volume in its old stack beside a new, empty one": {
    scenario: {
      fleet: { topology: "shared-app", sharedCells: { "ams-1": { region: "ams", capacity: 1 } }, tenants: [{ id: "a", region: "ams", cell: "ams-1" }] },
      steps: [
        {
          edits: [
            { op: "sharding", sharding: { by: "hash", count: 1 } },
            { op: "add", id: "a", region: "ams", cell: null, size: null },
          ],
          ledger: { stale: 1 },
          sync: { only: [] },
        },
      ],
    },
    failure: /owners with two volumes \(a new, empty one while the old one is kept\): data_ams_1/,
  },
};
