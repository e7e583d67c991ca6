import { FleetSettings, FlycellValidationError, Problem, planFleet, TenantSpec } from "../../lib";

const FLEET: FleetSettings = { appName: "acme-fleet", image: "registry.fly.io/acme:1" };

/** The problems planFleet reports for `tenants` (fails the test when it does not throw). */
function problemsOf(tenants: unknown, settings: Partial<FleetSettings> = {}): readonly Problem[] {
  try {
    planFleet({ ...FLEET, ...settings, tenants: tenants as TenantSpec[] });
  } catch (err) {
    if (err instanceof FlycellValidationError) return err.problems;
    throw err;
  }
  throw new Error("expected a FlycellValidationError");
}

/** The single problem reported for one tenant line. */
function onlyProblem(line: unknown, settings: Partial<FleetSettings> = {}): Problem {
  const problems = problemsOf([line], settings);
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe("tenant ids", () => {
  it.each([
    ["uppercase", "Acme"],
    ["underscore", "acme_corp"],
    ["leading digit", "1acme"],
    ["trailing hyphen", "acme-"],
    ["double hyphen", "acme--corp"],
    ["empty", ""],
    ["not a string", 42],
  ])("refuses an id with %s", (_case, id) => {
    const problem = onlyProblem({ id, region: "ams" });
    expect(problem.field).toBe("id");
    expect(problem.message).toContain("is not a valid id");
    expect(problem.message).toContain(JSON.stringify(id));
  });

  it("names a tenant without a usable id by its position", () => {
    const problems = problemsOf([{ id: "ok", region: "ams" }, { region: "ams" }]);
    expect(problems).toEqual([expect.objectContaining({ subject: "tenant #2 (no usable id)", field: "id" })]);
  });

  it("accepts hyphenated ids up to the volume name limit (30 - 'data_')", () => {
    expect(() => planFleet({ ...FLEET, tenants: [{ id: "a".repeat(25), region: "ams" }] })).not.toThrow();
    const problem = onlyProblem({ id: "a".repeat(26), region: "ams" });
    expect(problem).toMatchObject({ subject: `tenant "${"a".repeat(26)}"`, field: "id" });
    expect(problem.message).toBe("is 26 characters; at most 25 fit Fly's app and volume name limits");
  });

  it("shortens the limit when a long app name leaves less room for `<appName>-<id>`", () => {
    const appName = "a".repeat(50); // 63 - 50 - 1 = 12 characters left
    expect(() => planFleet({ ...FLEET, appName, tenants: [{ id: "b".repeat(12), region: "ams" }] })).not.toThrow();
    expect(onlyProblem({ id: "b".repeat(13), region: "ams" }, { appName }).message).toContain("at most 12 fit");
    expect(onlyProblem({ id: "b".repeat(13), region: "ams" }, { appName, topology: "app-per-cell" }).message).toContain(
      "at most 12 fit",
    );
  });

  it.each([
    ["up", {}],
    ["healthz", { healthPath: "/healthz/live" }],
    ["router", {}],
    ["www", {}],
  ])("refuses the reserved id %s", (id, settings) => {
    const problem = onlyProblem({ id, region: "ams" }, settings);
    expect(problem).toMatchObject({ subject: `tenant "${id}"`, field: "id" });
    expect(problem.message).toContain(`"${id}" is reserved by the fleet`);
  });

  it("allows `up` once the health path moves elsewhere", () => {
    expect(() => planFleet({ ...FLEET, healthPath: "/healthz", tenants: [{ id: "up", region: "ams" }] })).not.toThrow();
  });

  it("refuses duplicate ids, naming the first use", () => {
    const problems = problemsOf([
      { id: "acme", region: "ams" },
      { id: "globex", region: "ord" },
      { id: "acme", region: "fra" },
    ]);
    expect(problems).toEqual([{ subject: 'tenant "acme"', field: "id", message: "duplicate id; also used by tenant #1" }]);
  });
});

describe("regions and unknown fields", () => {
  it("refuses an unknown region and lists the dated region list", () => {
    const problem = onlyProblem({ id: "acme", region: "xyz" });
    expect(problem).toMatchObject({ subject: 'tenant "acme"', field: "region" });
    expect(problem.message).toMatch(/^"xyz" is not a Fly region \(list of \d{4}-\d{2}-\d{2}: ams, arn, .*yyz\)$/);
  });

  it("refuses a missing region", () => {
    expect(onlyProblem({ id: "acme" }).field).toBe("region");
  });

  it("refuses a typo such as `regoin` instead of passing it silently", () => {
    const problems = problemsOf([{ id: "acme", regoin: "ams" }]);
    expect(problems).toContainEqual({
      subject: 'tenant "acme"',
      field: "regoin",
      message: expect.stringContaining("unknown field; allowed fields are id, region, hostnames"),
    });
  });

  it("refuses unknown fields inside guest", () => {
    const problem = onlyProblem({ id: "acme", region: "ams", guest: { cpus: 1, memroyMb: 512 } });
    expect(problem).toMatchObject({ field: "guest.memroyMb", message: expect.stringContaining("unknown field") });
  });

  it.each([
    ["a number", 7],
    ["a list", ["acme"]],
    ["null", null],
  ])("refuses a line that is %s", (_case, line) => {
    expect(onlyProblem(line)).toMatchObject({ subject: "tenant #1 (no usable id)", field: "(line)" });
  });

  it("refuses a list that is not an array", () => {
    expect(problemsOf({ acme: { region: "ams" } })).toEqual([
      { subject: "fleet", field: "tenants", message: 'must be a list, got {"acme":{"region":"ams"}}' },
    ]);
  });
});

describe("hostnames", () => {
  it.each(["app.globex.com", "*.globex.io", "A.B.Example.COM", "xn--bcher-kva.example"])("accepts %s", (hostname) => {
    expect(() => planFleet({ ...FLEET, tenants: [{ id: "globex", region: "ord", hostnames: [hostname] }] })).not.toThrow();
  });

  it.each([
    ["localhost", "is not a valid hostname"],
    ["bad_host.com", "is not a valid hostname"],
    ["-lead.example.com", "is not a valid hostname"],
    ["app..example.com", "is not a valid hostname"],
    ["a.*.example.com", "is not a valid hostname"],
    ["example.123", "does not end in a top-level domain"],
    ["globex.fly.dev", "is a fly.dev name"],
  ])("refuses %s", (hostname, message) => {
    const problem = onlyProblem({ id: "globex", region: "ord", hostnames: ["ok.example.com", hostname] });
    expect(problem).toMatchObject({ subject: 'tenant "globex"', field: "hostnames[1]" });
    expect(problem.message).toContain(message);
  });

  it("refuses hostnames that are not a list", () => {
    expect(onlyProblem({ id: "globex", region: "ord", hostnames: "app.globex.com" }).field).toBe("hostnames");
  });

  it("refuses a hostname used by two tenants, whatever its case", () => {
    const problems = problemsOf([
      { id: "globex", region: "ord", hostnames: ["app.globex.com"] },
      { id: "hooli", region: "sjc", hostnames: ["App.Globex.COM"] },
    ]);
    expect(problems).toEqual([
      { subject: 'tenant "hooli"', field: "hostnames[0]", message: '"App.Globex.COM" is already served by tenant "globex"' },
    ]);
  });

  it("refuses a hostname listed twice by one tenant", () => {
    const problem = onlyProblem({ id: "globex", region: "ord", hostnames: ["a.globex.com", "A.globex.com"] });
    expect(problem).toMatchObject({ field: "hostnames[1]", message: expect.stringContaining('already served by tenant "globex"') });
  });
});

describe("machine size", () => {
  it.each([
    [{ cpuKind: "shared", cpus: 8, memoryMb: 16384 }],
    [{ cpuKind: "performance", cpus: 16, memoryMb: 32768 }],
    [{ cpuKind: "shared", cpus: 2, memoryMb: 512 }],
  ])("accepts %j", (guest) => {
    expect(() => planFleet({ ...FLEET, tenants: [{ id: "acme", region: "ams", guest } as TenantSpec] })).not.toThrow();
  });

  it.each([
    [{ cpuKind: "dedicated" }, 'must be "shared" or "performance", got "dedicated"', "guest.cpuKind"],
    [{ cpus: 3, memoryMb: 768 }, "shared machines take 1, 2, 4, 8 CPUs, got 3"],
    [{ cpuKind: "performance", cpus: 32, memoryMb: 65536 }, "performance machines take 1, 2, 4, 8, 16 CPUs, got 32"],
    [{ memoryMb: 300 }, "1 shared CPU(s) need memoryMb between 256 and 2048 in steps of 256, got 300"],
    [{ memoryMb: 4096 }, "1 shared CPU(s) need memoryMb between 256 and 2048 in steps of 256, got 4096"],
    [{ cpuKind: "performance", memoryMb: 1024 }, "1 performance CPU(s) need memoryMb between 2048 and 8192 in steps of 256, got 1024"],
    [{ cpus: 2 }, "2 shared CPU(s) need memoryMb between 512 and 4096 in steps of 256, got 256"],
  ])("refuses %j", (guest, message, field = "guest") => {
    const problem = onlyProblem({ id: "acme", region: "ams", guest });
    expect(problem).toEqual({ subject: 'tenant "acme"', field, message });
  });

  it("checks a tenant's guest merged with the fleet's guest", () => {
    // The fleet's default is valid for 2 shared CPUs; a tenant asking for 1 CPU gets 1024 MB: still fine.
    expect(() =>
      planFleet({ ...FLEET, guest: { cpus: 2, memoryMb: 1024 }, tenants: [{ id: "acme", region: "ams", guest: { cpus: 1 } }] }),
    ).not.toThrow();
    // A fleet default of 4096 MB is too much for a tenant that lowers cpus to 1.
    const problem = onlyProblem({ id: "acme", region: "ams", guest: { cpus: 1 } }, { guest: { cpus: 2, memoryMb: 4096 } });
    expect(problem.message).toContain("got 4096");
  });

  it("reports an invalid fleet guest once, not once per tenant that inherits it", () => {
    const problems = problemsOf([{ id: "acme", region: "ams" }, { id: "globex", region: "ord" }], { guest: { cpus: 3 } });
    expect(problems).toEqual([{ subject: "fleet", field: "guest", message: "shared machines take 1, 2, 4, 8 CPUs, got 3" }]);
  });

  it("refuses more than 2048 MB with autostop suspend", () => {
    const problem = onlyProblem({ id: "acme", region: "ams", guest: { cpus: 2, memoryMb: 4096 } }, { autostop: "suspend" });
    expect(problem).toEqual({
      subject: 'tenant "acme"',
      field: "guest.memoryMb",
      message: '4096 MB is too much for autostop "suspend" (at most 2048 MB)',
    });
  });
});

describe("volumes, image, env and metadata", () => {
  it.each([0, 501, 1.5, "10"])("refuses volumeSizeGb %j", (volumeSizeGb) => {
    expect(onlyProblem({ id: "acme", region: "ams", volumeSizeGb })).toEqual({
      subject: 'tenant "acme"',
      field: "volumeSizeGb",
      message: `must be a whole number from 1 to 500, got ${JSON.stringify(volumeSizeGb)}`,
    });
  });

  it.each([0, 61])("refuses snapshotRetentionDays %j", (snapshotRetentionDays) => {
    expect(onlyProblem({ id: "acme", region: "ams", snapshotRetentionDays }).message).toBe(
      `must be a whole number from 1 to 60, got ${snapshotRetentionDays}`,
    );
  });

  it.each(["", "my image:1", 3])("refuses image %j", (image) => {
    expect(onlyProblem({ id: "acme", region: "ams", image })).toMatchObject({
      field: "image",
      message: expect.stringContaining("must be an image reference without spaces"),
    });
  });

  it.each([
    [{ "1ABC": "x" }, "env.1ABC", "is not a valid environment variable name: letters, digits and underscores"],
    [{ "MY-VAR": "x" }, "env.MY-VAR", "is not a valid environment variable name: letters, digits and underscores"],
    [{ FLY_REGION: "x" }, "env.FLY_REGION", 'names starting with "FLY_" (in any case) are reserved'],
    [{ FLYCELL_TENANT_ID: "x" }, "env.FLYCELL_TENANT_ID", 'names starting with "FLYCELL_" (in any case) are reserved'],
    [{ PORT: 8080 }, "env.PORT", "must be a string, got 8080"],
  ])("refuses env %j", (env, field, message) => {
    expect(onlyProblem({ id: "acme", region: "ams", env })).toEqual({ subject: 'tenant "acme"', field, message });
  });

  it.each([
    [{ fly_process_group: "x" }, "metadata.fly_process_group", 'names starting with "fly_" (in any case) are reserved'],
    [{ flycell_tenant: "other" }, "metadata.flycell_tenant", 'names starting with "flycell_" (in any case) are reserved'],
    [{ tier: 1 }, "metadata.tier", "must be a string, got 1"],
  ])("refuses metadata %j", (metadata, field, message) => {
    expect(onlyProblem({ id: "acme", region: "ams", metadata })).toEqual({ subject: 'tenant "acme"', field, message });
  });

  it("refuses env that is not an object", () => {
    expect(onlyProblem({ id: "acme", region: "ams", env: ["A=b"] })).toMatchObject({ field: "env" });
  });
});

describe("reporting", () => {
  it("reports every problem of every tenant and of the fleet in one error", () => {
    let error: unknown;
    try {
      planFleet({ ...FLEET, appName: "Acme", volumeSizeGb: 0, tenants: [
        { id: "acme", region: "xyz", regoin: "ams" } as TenantSpec,
        { id: "globex", region: "ord", volumeSizeGb: 900 },
        { id: "acme", region: "ams" },
      ] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlycellValidationError);
    const { problems, message } = error as FlycellValidationError;
    expect(problems.map((p) => `${p.subject} ${p.field}`).sort()).toEqual([
      "fleet appName",
      "fleet volumeSizeGb",
      'tenant "acme" id',
      'tenant "acme" region',
      'tenant "acme" regoin',
      'tenant "globex" volumeSizeGb',
    ]);
    expect(message.split("\n")[0]).toBe("Invalid fleet configuration (6 problems); nothing was synthesized:");
    expect(message).toContain('  - tenant "globex", field "volumeSizeGb": must be a whole number from 1 to 500, got 900');
  });

  it("passes a valid list through, typed", () => {
    const tenants: TenantSpec[] = [
      { id: "acme", region: "ams" },
      { id: "globex-eu", region: "fra", hostnames: ["eu.globex.com"], guest: { cpus: 2, memoryMb: 1024 }, volumeSizeGb: 20 },
    ];
    expect(planFleet({ ...FLEET, tenants: tenants }).cells.map((c) => c.tenantId)).toEqual(["acme", "globex-eu"]);
  });
});
