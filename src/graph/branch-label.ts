/** The same rule the configuration applies to appBranch and plugin names. */
const LABEL = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Words that mean something as targets, so a label spelled like them could never be named. */
const RESERVED = new Set(["head", "heads", "base"]);

/** Why `label` cannot be a branch label, or undefined when it can. */
export function branchLabelProblem(label: unknown): string | undefined {
  if (typeof label !== "string" || !LABEL.test(label)) {
    return `${JSON.stringify(label)} is not a branch label (it must match ${LABEL.source})`;
  }
  if (RESERVED.has(label)) return `"${label}" is reserved for targets and cannot be a branch label`;
  return undefined;
}
