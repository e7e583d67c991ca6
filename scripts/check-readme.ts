/**
 * Runs the README's offline command blocks, so the README stays true: every ```sh block
 * right after a `<!-- checked offline -->` line, command by command, in the project root,
 * stopping at the first failure. `.ci/run` calls it after the tests (`npm run check:readme`).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
export const MARKER = "<!-- checked offline -->";

/** The commands of every marked block, in order; `# …` comments dropped. */
export function checkedCommands(readme: string): string[] {
  const blocks = readme.split(MARKER).slice(1);
  return blocks.flatMap((after) => {
    const block = /^\s*```sh\n([\s\S]*?)```/.exec(after);
    if (!block) throw new Error(`${MARKER} must be followed by a \`\`\`sh block`);
    return block[1]
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
  });
}

if (require.main === module) {
  const commands = checkedCommands(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  for (const command of commands) {
    console.log(`$ ${command}`);
    const run = spawnSync("bash", ["-euo", "pipefail", "-c", command], { cwd: ROOT, stdio: "inherit" });
    if (run.status !== 0) {
      console.error(`README command failed (exit ${run.status}): ${command}`);
      process.exit(1);
    }
  }
  console.log(`README: ${commands.length} offline command(s) ran as written`);
}
