/**
 * The npm scripts flycell's GitHub Actions workflows run (init-workflows.ts), by name. Every
 * `run:` step there is `npm ci` or `npm run <one of these>`, so what CI runs is what a person
 * runs with the same name, and the workflow cannot drift from the commands.
 */

/** Scripts the workflows call that a fleet repository already has: `synth` and `test`. */
export const PROJECT_SCRIPTS = ["synth", "test"] as const;

/** Where cdktf writes each stack (`deployed-stacks.ts` names it too); a shell word, no quoting needed. */
const STACKS = "cdktf.out/stacks";

/** The file `ci:summary` writes and the pull request workflow posts. */
export const SUMMARY_FILE = "flycell-summary.md";

/**
 * The CI scripts for a project whose flycell command is `flycell` (the bin), or another
 * command line (this repository runs its sources: `ts-node --transpile-only lib/cli/main.ts`).
 */
export function ciScripts(flycell = "flycell"): Record<string, string> {
  return {
    // The synthesized stacks in deploy order, as JSON: the pull request's plan matrix.
    "ci:stacks": `${flycell} stacks --json`,
    // Plans and guards the stacks given (`-- ${STACKS}/<name>`), default every one; applies nothing.
    "ci:plan": `${flycell} deploy --plan-only`,
    // `terraform output` needs each stack initialized (its backend) before the ledger can be compared.
    "ci:ledger": `for stack in $(${flycell} stacks); do terraform -chdir="${STACKS}/$stack" init -input=false -no-color > /dev/null || exit 1; done && ${flycell} ledger check`,
    // Every stack's plan.json in one Markdown text, for the one pull request comment.
    "ci:summary": `${flycell} summary ${STACKS}/*/plan.json > ${SUMMARY_FILE}`,
    // machine-changes=true|false: whether the deploy waits for an approval.
    "ci:approval": `${flycell} approval`,
    // Without an approval, a plan that destroys or replaces a machine is refused before it is applied.
    "ci:deploy": `${flycell} deploy --machine-replacement refuse`,
    "ci:deploy:approved": `${flycell} deploy --machine-replacement allow`,
  };
}

/** What `flycell init` merges into the package.json it writes. */
export const CI_SCRIPTS: Readonly<Record<string, string>> = ciScripts();
