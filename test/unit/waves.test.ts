import { FleetSettings, planFleet, Problem, TenantSpec } from "../../lib";
import { validationProblems } from "../helpers";

const FLEET: FleetSettings = {
  appName: "acme-fleet",
  image: "app:v1",
  waves: { canary: { image: "app:v2" }, early: {} },
};
const tenants: TenantSpec[] = [
  { id: "acme", region: "ams", wave: "canary" },
  { id: "globex", region: "ord", wave: "early" },
  { id: "initech", region: "syd" },
  { id: "pinned", region: "fra", wave: "canary", image: "app:v1-hotfix" },
];

function images(settings: FleetSettings): Record<string, string> {
  return Object.fromEntries(planFleet(settings, tenants).cells.map((c) => [c.tenantId, c.image]));
}

function problems(settings: FleetSettings, list: unknown): readonly Problem[] {
  return validationProblems(() => planFleet(settings, list));
}

describe("rollout waves", () => {
  it("give a wave's tenants its image; a tenant's own image still wins", () => {
    expect(images(FLEET)).toEqual({ acme: "app:v2", globex: "app:v1", initech: "app:v1", pinned: "app:v1-hotfix" });
  });

  it("roll out wave by wave: canary, then early, then everyone", () => {
    const step2 = { ...FLEET, waves: { canary: { image: "app:v2" }, early: { image: "app:v2" } } };
    expect(images(step2)).toEqual({ acme: "app:v2", globex: "app:v2", initech: "app:v1", pinned: "app:v1-hotfix" });
    const step3 = { ...FLEET, image: "app:v2", waves: { canary: {}, early: {} } };
    expect(images(step3)).toEqual({ acme: "app:v2", globex: "app:v2", initech: "app:v2", pinned: "app:v1-hotfix" });
  });

  it("refuses a wave the fleet does not declare, and malformed waves", () => {
    expect(problems(FLEET, [{ id: "acme", region: "ams", wave: "canery" }])).toEqual([
      { subject: 'tenant "acme"', field: "wave", message: '"canery" is not a wave; the fleet\'s waves are canary, early' },
    ]);
    expect(problems({ ...FLEET, waves: undefined }, [{ id: "acme", region: "ams", wave: "canary" }])[0].message).toBe(
      '"canary" is not a wave; the fleet declares no waves',
    );
    expect(problems({ ...FLEET, waves: { Canary: { image: "a b" } } }, [{ id: "acme", region: "ams" }])).toEqual([
      { subject: "fleet", field: "waves.Canary", message: "wave names are lowercase letters, digits and single hyphens" },
      { subject: "fleet", field: "waves.Canary.image", message: 'must be an image reference without spaces, got "a b"' },
    ]);
  });
});
