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
  return Object.fromEntries(planFleet({ ...settings, tenants: tenants }).cells.map((c) => [c.tenantId, c.image]));
}

function problems(settings: FleetSettings, list: unknown): readonly Problem[] {
  return validationProblems(() => planFleet({ ...settings, tenants: list as TenantSpec[] }));
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

  it("roll configuration out too: a wave's env sits between the fleet's and the tenant's", () => {
    const settings: FleetSettings = {
      ...FLEET,
      env: { CHECKOUT: "v1", REGION_HINT: "eu" },
      waves: { canary: { env: { CHECKOUT: "v2" } }, early: {} },
    };
    const list: TenantSpec[] = [...tenants.slice(0, 3), { id: "pinned", region: "fra", wave: "canary", env: { CHECKOUT: "v1" } }];
    const env = Object.fromEntries(planFleet({ ...settings, tenants: list as TenantSpec[] }).cells.map((c) => [c.tenantId, c.env.CHECKOUT]));
    expect(env).toEqual({ acme: "v2", globex: "v1", initech: "v1", pinned: "v1" });
    expect(planFleet({ ...settings, tenants: list as TenantSpec[] }).cells.find((c) => c.tenantId === "acme")?.env.REGION_HINT).toBe("eu");
    expect(problems({ ...FLEET, waves: { canary: { env: { "BAD-NAME": "x", FLY_APP: "y" } } } }, tenants.slice(0, 1))).toEqual([
      { subject: "fleet", field: "waves.canary.env.BAD-NAME", message: "is not a valid environment variable name: letters, digits and underscores" },
      { subject: "fleet", field: "waves.canary.env.FLY_APP", message: 'names starting with "FLY_" (in any case) are reserved' },
    ]);
  });

  it("refuses a wave the fleet does not declare, and malformed waves", () => {
    expect(problems(FLEET, [{ id: "acme", region: "ams", wave: "canery" }])).toEqual([
      { subject: 'tenant "acme"', field: "wave", message: '"canery" is not a wave; the fleet\'s waves are canary, early' },
    ]);
    expect(problems({ ...FLEET, waves: undefined }, [{ id: "acme", region: "ams", wave: "canary" }])[0].message).toBe(
      '"canary" is not a wave; the fleet declares no waves',
    );
    expect(problems({ ...FLEET, waves: { Canary: { image: "a b" } } }, [{ id: "acme", region: "ams" }])).toEqual([
      {
        subject: "fleet",
        field: "waves.Canary",
        message: '"Canary" is not a wave name: use lowercase letters, digits and single hyphens, starting with a letter',
      },
    ]);
    expect(problems({ ...FLEET, waves: { canary: { image: "a b" } } }, [{ id: "acme", region: "ams" }])).toEqual([
      { subject: "fleet", field: "waves.canary.image", message: 'must be an image reference without spaces, got "a b"' },
    ]);
  });
});
