import * as fs from "fs";
import * as path from "path";

/** What the CLI reads from flycell's own package.json. */
export interface FlycellPackage {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/** flycell's package.json: two levels up from both lib/cli/ (sources) and dist/cli/ (the package). */
export function flycellPackage(): FlycellPackage {
  const json = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as Partial<FlycellPackage>;
  return { version: json.version ?? "0.0.0", dependencies: json.dependencies ?? {}, peerDependencies: json.peerDependencies ?? {}, devDependencies: json.devDependencies ?? {} };
}
