import { TerraformStack, Testing, Tokenization } from "cdktf";
import { ShardedFleet } from "../../lib";
import { suspendTokenStackTraces, tokenStackTracesWanted } from "../../lib/constructs/stack-traces";
import { App as FlyApp } from "../../lib/gen/providers/fly/app";
import { FlyProvider } from "../../lib/gen/providers/fly/provider";
import { BASE_PROPS, fleetStack, makeTenants } from "../helpers";

/** The stack trace cdktf recorded when it created the token behind `reference`. */
function creationStack(reference: string | undefined): string[] {
  const [token] = Tokenization.reverseString(reference ?? "").tokens;
  return token.creationStack;
}

describe("token stack traces while a fleet is built", () => {
  const saved = process.env.CDK_DEBUG;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK_DEBUG;
    else process.env.CDK_DEBUG = saved;
  });

  it("are skipped by default: a cell's tokens carry none", () => {
    delete process.env.CDK_DEBUG;
    const { fleet } = fleetStack({ tenants: makeTenants(2) });
    const cell = fleet.cells.get("t0");
    expect(creationStack(cell?.machineId)).toEqual([]);
    expect(creationStack(cell?.volumeId)).toEqual([]);
  });

  it("are kept with CDK_DEBUG=true or 1, as in AWS CDK", () => {
    process.env.CDK_DEBUG = "1";
    const { fleet } = fleetStack({ tenants: makeTenants(1) });
    expect(creationStack(fleet.cells.get("t0")?.volumeId).join("\n")).toMatch(/Cell/);
    expect([tokenStackTracesWanted({ CDK_DEBUG: "true" }), tokenStackTracesWanted({ CDK_DEBUG: "0" }), tokenStackTracesWanted({})]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("are skipped in a sharded fleet too", () => {
    delete process.env.CDK_DEBUG;
    const fleet = new ShardedFleet(Testing.app(), "fleet", {
      ...BASE_PROPS,
      tenants: makeTenants(2),
      sharding: { by: "hash", count: 2 },
      configureStack: (stack: TerraformStack) => new FlyProvider(stack, "fly", { orgSlug: "test-org" }),
    });
    expect(creationStack(fleet.cells.get("t1")?.volumeId)).toEqual([]);
  });

  it("come back afterwards, also when building the fleet throws; errors keep theirs throughout", () => {
    delete process.env.CDK_DEBUG;
    const before = Error.prepareStackTrace;
    let inside: Error | undefined;
    expect(() =>
      fleetStack({
        tenants: makeTenants(1),
        extendCell: () => {
          inside = new Error("from extendCell");
          throw inside;
        },
      }),
    ).toThrow("from extendCell");
    expect(inside?.stack).toMatch(/from extendCell\n\s+at /);
    expect(Error.prepareStackTrace).toBe(before);

    // Outside a fleet, cdktf records them as usual.
    const stack = new TerraformStack(Testing.app(), "plain");
    const app = new FlyApp(stack, "app", { name: "plain" });
    expect(creationStack(app.name)).not.toEqual([]);
  });

  it("formats errors the default way when no formatter was installed", () => {
    const before = Error.prepareStackTrace;
    Reflect.deleteProperty(Error, "prepareStackTrace");
    const resume = suspendTokenStackTraces();
    try {
      const plain: { stack?: string } = {};
      Error.captureStackTrace(plain);
      expect(plain.stack).toBe("");
      expect(new Error("boom").stack).toMatch(/^Error: boom\n\s+at /);
    } finally {
      resume();
      Error.prepareStackTrace = before;
    }
  });
});
