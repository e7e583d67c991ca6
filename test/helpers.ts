// Brings the cdktf jest matchers (toHaveResourceWithProperties, …) into the type checker.
import "cdktf/lib/testing/adapters/jest";
import { TerraformStack, Testing } from "cdktf";
import { CellFleet, CellFleetProps, FlycellValidationError, Problem, TenantSpec } from "../lib";
import { FlyProvider } from "../lib/gen/providers/fly/provider";

/** Synthesized Terraform JSON, as far as the tests read it. */
export interface SynthJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: Record<string, Record<string, unknown>> }>;
  readonly [block: string]: unknown;
}

export const BASE_PROPS = { appName: "acme-fleet", image: "registry.fly.io/acme:1" } as const;

/** A stack holding a provider and one fleet, as users write it. */
export function fleetStack(props: Partial<CellFleetProps> & { tenants: readonly TenantSpec[] }): {
  stack: TerraformStack;
  fleet: CellFleet;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  new FlyProvider(stack, "fly", { orgSlug: "test-org" });
  const fleet = new CellFleet(stack, "fleet", { ...BASE_PROPS, ...props });
  return { stack, fleet };
}

export function synthFleet(props: Partial<CellFleetProps> & { tenants: readonly TenantSpec[] }): string {
  return Testing.synth(fleetStack(props).stack);
}

export function parseSynth(json: string): SynthJson {
  return JSON.parse(json) as SynthJson;
}

/** Resources of one type keyed by logical id without cdktf's hash suffix, e.g. `fleet_cell-acme_machine`. */
export function resourcesByName(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [logicalId, body] of Object.entries(json.resource?.[type] ?? {})) {
    out[logicalId.replace(/_[0-9A-F]{8}$/, "")] = body;
  }
  return out;
}

const REGIONS = ["ams", "ord", "syd", "fra", "iad", "nrt"];

/** `count` valid tenants with varied regions, sizes and hostnames. */
export function makeTenants(count: number, prefix = "t"): TenantSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    region: REGIONS[i % REGIONS.length],
    ...(i % 3 === 0 ? { hostnames: [`${prefix}${i}.example.com`] } : {}),
    ...(i % 4 === 0 ? { volumeSizeGb: 2 + (i % 7) } : {}),
  }));
}

/** A small seeded PRNG (mulberry32), so shuffles are random but repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The problems `run` reports through a FlycellValidationError; none when it succeeds. */
export function validationProblems(run: () => unknown): readonly Problem[] {
  try {
    run();
    return [];
  } catch (err) {
    if (err instanceof FlycellValidationError) return err.problems;
    throw err;
  }
}
