import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { fleetOutput } from "../../lib/constructs/outputs";
import { literalValue } from "../../lib/constructs/literal";
import { Volume } from "../../lib/gen/providers/fly/volume";

/** The synthesized `output` block of a stack with one fleet output. */
function synthOutput(value: unknown, withVolume = false): Record<string, { value: unknown }> {
  const stack = new TerraformStack(Testing.app(), "s");
  const volume = withVolume ? new Volume(stack, "vol", { app: "a", name: "data_x", region: "ams", sizeGb: 1 }) : undefined;
  fleetOutput(stack, "cells", typeof value === "function" ? (value as (v?: Volume) => unknown)(volume) : value, "d");
  return (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown }> }).output;
}

describe("fleet outputs: every string written as a literal", () => {
  it("escapes templates in values and keys, at every depth", () => {
    const output = synthOutput({
      acme: { image: 'registry.fly.io/app:${file("/etc/hostname")}', hostnames: ["%{if(true)}yes%{endif}"], size: 3, on: true },
      "k${x}": ["a", ["${b}"]],
    });
    expect(output.cells.value).toEqual({
      acme: { image: 'registry.fly.io/app:$${file("/etc/hostname")}', hostnames: ["%%{if(true)}yes%%{endif}"], size: 3, on: true },
      "k$${x}": ["a", ["$${b}"]],
    });
  });

  it("leaves cdktf's references alone, also beside user text", () => {
    const output = synthOutput((volume?: Volume) => ({ id: volume?.id, both: `${volume?.id}|\${user}` }), true);
    expect(output.cells.value).toEqual({ id: "${fly_volume.vol.id}", both: "${fly_volume.vol.id}|$${user}" });
  });

  it("keeps ids named like Object's members as plain keys: constructor, toString, __proto__", () => {
    const value = JSON.parse('{"constructor":{"image":"c"},"toString":{"image":"t"},"__proto__":{"image":"p"},"hasOwnProperty":1}') as Record<string, unknown>;
    const escaped = literalValue(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(escaped)).toBeNull();
    expect(Object.keys(escaped)).toEqual(["constructor", "toString", "__proto__", "hasOwnProperty"]);
    expect(Object.hasOwn(escaped, "__proto__")).toBe(true);
    // cdktf's own resolution drops a `__proto__` key; no id can be one (ids have no `_`).
    const output = synthOutput(value);
    expect(Object.keys(output.cells.value as object)).toEqual(["constructor", "hasOwnProperty", "toString"]);
    expect(new Map(Object.entries(output.cells.value as object)).get("constructor")).toEqual({ image: "c" });
  });

  it("passes what is not user text through: numbers, booleans, null, class instances", () => {
    const output = new TerraformOutput(new TerraformStack(Testing.app(), "t"), "o", { value: 1 });
    expect(literalValue(output)).toBe(output);
    expect(literalValue([1, true, null, undefined])).toEqual([1, true, null, undefined]);
    expect(literalValue({ a: undefined, b: 2 })).toEqual({ b: 2 });
  });
});
