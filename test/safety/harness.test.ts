/** The safety tests can fail: without the plan guard, the same pipeline loses volumes and says whose. */
import * as fc from "fast-check";
import { SafetyFailure } from "./pipeline";
import { fastProperty, runFast } from "./run";
import { REGRESSIONS } from "./scenarios";

test("a dropped line on a stale ledger, with the guard off, fails the step naming the tenant and its volume", () => {
  const scenario = REGRESSIONS["a dedicated tenant's line dropped on a stale ledger is refused by the guard"];
  expect(() => runFast(scenario, { guard: false })).toThrow(SafetyFailure);
  expect(() => runFast(scenario, { guard: false })).toThrow(/tenant "b", volume data_b \(vol_\w+\): its line was not deployed/);
});

test("the fast property, with the guard off, fails and shrinks to a short sequence", () => {
  const result = fc.check(fastProperty(3, { guard: false }), { seed: 6, numRuns: 300 });
  expect(result.failed).toBe(true);
  expect(result.counterexample?.[0].steps.length).toBeLessThanOrEqual(2);
  expect(String(result.errorInstance)).toMatch(/volumes left the account against the invariant/);
});
