import * as fc from "fast-check";
import { fastProperty } from "./run";

test("fast tier: random fleets and pull requests never lose a volume the invariant does not allow", () => {
  fc.assert(fastProperty(6), { seed: 20261203, numRuns: 200 });
});
