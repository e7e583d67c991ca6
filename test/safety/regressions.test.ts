/** Shrunk counterexamples, replayed exactly on the fast tier; the lifecycle shows volumes do go when they may. */
import { runFast } from "./run";
import { LIFECYCLE, REGRESSIONS } from "./scenarios";

test.each(Object.entries(REGRESSIONS))("%s", (_name, scenario) => {
  runFast(scenario);
});

test("the lifecycle lets exactly the released volumes go: a dedicated tenant, a shared cell, a consented region move", () => {
  const world = runFast(LIFECYCLE);
  expect(world.reports.map((r) => [r.outcome, r.lost])).toEqual([
    ["applied", []],
    ["applied", []],
    ["applied", ["data_a"]],
    ["applied", ["data_ams_1", "data_b"]],
  ]);
});
