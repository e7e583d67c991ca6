import { hostMatches, hostOverlaps, hostPatternsOverlap, isHostPattern, readHostHeader, tenantForHost, tenantForRequest } from "../../lib";
import { entry, handTable } from "./tables";

describe("hostPatternsOverlap", () => {
  it.each([
    ["*.globex.com", "*.globex.com"],
    ["*.globex.com", "app.globex.com"],
    ["*.globex.com", "a.b.globex.com"],
    ["*.globex.com", "*.x.globex.com"],
    ["app.globex.com", "app.globex.com"],
    ["App.Globex.com", "*.GLOBEX.com"],
  ])("%s overlaps %s (both ways)", (a, b) => {
    expect(hostPatternsOverlap(a, b)).toBe(true);
    expect(hostPatternsOverlap(b, a)).toBe(true);
  });

  it.each([
    ["*.globex.com", "globex.com"],
    ["*.globex.com", "*.globex.io"],
    ["*.globex.com", "app.notglobex.com"],
    ["*.x.globex.com", "y.globex.com"],
    ["*.x.globex.com", "x.globex.com"],
    ["app.globex.com", "api.globex.com"],
  ])("%s does not overlap %s", (a, b) => {
    expect(hostPatternsOverlap(a, b)).toBe(false);
    expect(hostPatternsOverlap(b, a)).toBe(false);
  });
});

describe("hostMatches (as nginx's hostnames map)", () => {
  it.each([
    ["*.globex.io", "shop.globex.io", true],
    ["*.globex.io", "eu.shop.globex.io", true],
    ["*.globex.io", "globex.io", false],
    ["*.globex.io", "xglobex.io", false],
    ["app.globex.com", "app.globex.com", true],
    ["app.globex.com", "x.app.globex.com", false],
  ])("%s against %s: %s", (pattern, host, matches) => {
    expect(hostMatches(pattern, host)).toBe(matches);
  });
});

describe("hostOverlaps", () => {
  it("lists each cross-tenant pair once, sorted, and ignores a tenant's own overlaps", () => {
    const overlaps = hostOverlaps({
      zeta: ["app.globex.com", "*.x.globex.com"],
      alpha: ["*.globex.com", "api.globex.com"],
      beta: ["*.globex.com"],
      gamma: ["globex.com", "other.io"],
    });
    expect(overlaps).toEqual([
      { tenants: ["alpha", "beta"], hosts: ["*.globex.com", "*.globex.com"] },
      { tenants: ["alpha", "beta"], hosts: ["api.globex.com", "*.globex.com"] },
      { tenants: ["alpha", "zeta"], hosts: ["*.globex.com", "*.x.globex.com"] },
      { tenants: ["alpha", "zeta"], hosts: ["*.globex.com", "app.globex.com"] },
      { tenants: ["beta", "zeta"], hosts: ["*.globex.com", "*.x.globex.com"] },
      { tenants: ["beta", "zeta"], hosts: ["*.globex.com", "app.globex.com"] },
    ]);
  });

  it("agrees with hostPatternsOverlap on every pair", () => {
    const patterns = ["a.com", "*.a.com", "b.a.com", "*.b.a.com", "c.b.a.com", "*.c.b.a.com", "x.com", "*.com"];
    const byTenant = Object.fromEntries(patterns.map((p, i) => [`t${i}`, [p]]));
    const expected = patterns.flatMap((p, i) =>
      patterns.slice(i + 1).flatMap((q, j) => (hostPatternsOverlap(p, q) ? [`t${i}|t${i + j + 1}`] : [])),
    );
    expect(hostOverlaps(byTenant).map((o) => o.tenants.join("|")).sort()).toEqual(expected.sort());
  });

  it("finds overlaps among 20,000 patterns quickly", () => {
    const byTenant = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`t${i}`, [`t${i}.cells.example.com`, `*.t${i}.example.org`]]));
    byTenant.rogue = ["*.t42.example.org"];
    const started = Date.now();
    expect(hostOverlaps(byTenant)).toEqual([{ tenants: ["rogue", "t42"], hosts: ["*.t42.example.org", "*.t42.example.org"] }]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("isHostPattern", () => {
  it.each(["app.globex.com", "*.globex.io", "*.a.b.globex.io", "xn--bcher-kva.example"])("accepts %s", (p) => expect(isHostPattern(p)).toBe(true));
  it.each(["App.globex.com", "localhost", "include", "*.io", "globex.com.", "*.*.globex.com", "a.*.com", "-a.com", "a..com", "a.com:80", "a b.com", "*", ""])(
    "refuses %j",
    (p) => expect(isHostPattern(p)).toBe(false),
  );
});

describe("readHostHeader (as nginx reads $host)", () => {
  it.each([
    ["App.Globex.COM", "app.globex.com"],
    ["app.globex.com:8080", "app.globex.com"],
    ["app.globex.com.", "app.globex.com"],
    ["app.globex.com.:443", "app.globex.com"],
    ["[::1]:8080", "[::1]"],
    [".globex.io", ".globex.io"],
    ["host:not-a-port", "host"],
  ])("reads %j as %j", (header, host) => expect(readHostHeader(header)).toBe(host));

  it.each(["", ":80", ".", "a..b.com", "app.globex.com..", "a/b.com", "a\0b.com"])("refuses %j, as nginx does with 400", (header) => {
    expect(readHostHeader(header)).toBeUndefined();
  });
});

describe("choosing among matching host patterns, as nginx does (defence in depth: tables refuse overlaps)", () => {
  // Built by hand: checkRoutingTable would refuse it.
  const overlapping = handTable({
    acme: entry("acme", ["*.globex.com"]),
    globex: entry("globex", ["app.globex.com", "*.eu.globex.com"]),
  });

  it("prefers an exact name, then the longest wildcard, whatever the tenants' order", () => {
    expect(tenantForHost(overlapping.tenants, "app.globex.com")).toBe("globex");
    expect(tenantForHost(overlapping.tenants, "shop.eu.globex.com")).toBe("globex");
    expect(tenantForHost(overlapping.tenants, "shop.globex.com")).toBe("acme");
  });

  it("reads the Host header as nginx reads $host before matching", () => {
    expect(tenantForRequest(handTable(), "APP.globex.com.:443", "/")).toBe("globex");
    expect(tenantForRequest(handTable(), "A.B.Globex.IO", "/")).toBe("globex");
  });

  it("checks the table it is given", () => {
    expect(() => tenantForRequest(overlapping, "app.globex.com", "/")).toThrow('tenantForRequest: tenant "acme" field hosts is "*.globex.com": overlaps');
  });
});
