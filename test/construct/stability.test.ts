import { makeTenants, parseSynth, seededRandom, shuffled, synthFleet, SynthJson } from "../helpers";

/** Every resource as `type.logicalId` → its JSON text. */
function flatResources(json: SynthJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) out.set(`${type}.${id}`, JSON.stringify(body));
  }
  return out;
}

describe("stable identity", () => {
  const tenants = makeTenants(120);
  let reference: string;
  beforeAll(() => {
    reference = synthFleet({ tenants });
  });

  it.each([1, 2, 3, 4, 5])("reordering the tenant list gives byte-identical JSON (shuffle seed %i)", (seed) => {
    expect(synthFleet({ tenants: shuffled(tenants, seededRandom(seed)) })).toBe(reference);
  });

  it.each(["shared-app", "app-per-cell"] as const)(
    "adding one tenant to a %s fleet adds only its resources and its output entry",
    (topology) => {
      const random = seededRandom(42);
      const newcomer = { id: "newcomer", region: "lhr", hostnames: ["shop.newcomer.io"] };
      const withNewcomer = [...tenants];
      withNewcomer.splice(Math.floor(random() * tenants.length), 0, newcomer);

      const before = parseSynth(synthFleet({ tenants, topology }));
      const after = parseSynth(synthFleet({ tenants: withNewcomer, topology }));

      const beforeResources = flatResources(before);
      const afterResources = flatResources(after);
      for (const [key, body] of beforeResources) expect(afterResources.get(key)).toBe(body);
      const added = [...afterResources.keys()].filter((key) => !beforeResources.has(key));
      const expectedTypes =
        topology === "shared-app"
          ? ["fly_cert", "fly_machine", "fly_volume"]
          : ["fly_app", "fly_cert", "fly_ip", "fly_ip", "fly_machine", "fly_volume"];
      expect(added.map((key) => key.split(".")[0]).sort()).toEqual(expectedTypes);
      expect(added.every((key) => key.includes("cell-newcomer"))).toBe(true);

      // Outside resources, only the outputs change, each by the new tenant's entry.
      const { resource: _r1, output: beforeOut, ...beforeRest } = before;
      const { resource: _r2, output: afterOut, ...afterRest } = after;
      expect(afterRest).toEqual(beforeRest);
      const cellsId = Object.keys(afterOut ?? {}).find((id) => id === "cells") ?? "";
      const { newcomer: newEntry, ...others } = afterOut?.[cellsId].value ?? {};
      expect(others).toEqual(beforeOut?.[cellsId].value);
      expect(newEntry).toMatchObject({ region: "lhr", hostnames: ["shop.newcomer.io"] });
      const tableId = Object.keys(afterOut ?? {}).find((id) => id === "routing_table") ?? "";
      const tenantsOf = (out: SynthJson["output"]) => (out?.[tableId].value.tenants ?? {}) as Record<string, unknown>;
      const { newcomer: newRoute, ...otherRoutes } = tenantsOf(afterOut);
      expect(otherRoutes).toEqual(tenantsOf(beforeOut));
      expect(newRoute).toMatchObject({ path: "/newcomer", hosts: ["shop.newcomer.io"] });
    },
  );
});
