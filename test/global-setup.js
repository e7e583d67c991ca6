// cdktf's Testing.app() leaves temp dirs behind; tests keep them in .tmp/, emptied per run.
// The end-to-end tests run the compiled emulator, so it is compiled here, once per run.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

/** The compiled emulator is newer than every source file (so a running benchmark's plugin is left alone). */
function emulatorIsCurrent(dir) {
  const built = path.join(dir, "dist", "main.js");
  if (!fs.existsSync(built)) return false;
  // Every file under src/, machines-api/ included: a change to any of them rebuilds dist/.
  const sources = fs.readdirSync(path.join(dir, "src"), { recursive: true }).map((f) => path.join(dir, "src", String(f)));
  return sources.every((f) => fs.statSync(f).isDirectory() || fs.statSync(f).mtimeMs < fs.statSync(built).mtimeMs);
}

module.exports = async () => {
  const root = path.join(__dirname, "..");
  for (const dir of ["jest", "e2e"]) {
    fs.rmSync(path.join(root, ".tmp", dir), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, ".tmp", dir), { recursive: true });
  }
  if (spawnSync("terraform", ["version"], { stdio: "ignore" }).status !== 0) return;
  if (emulatorIsCurrent(path.join(root, "emulator"))) return;
  const tsc = require.resolve("typescript/bin/tsc");
  const build = spawnSync(process.execPath, [tsc, "-p", path.join(root, "emulator", "tsconfig.json")], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`emulator build failed:\n${build.stdout}${build.stderr}`);
};
