import { UsageError } from "../errors";
import { branchLabelProblem } from "./branch-label";

/**
 * A parsed target string. `label` is set by the `L@…` forms and narrows the target to the
 * branch L. `steps` of a relative target is signed: `+2` is 2, `-1` is -1.
 */
export type Target =
  | { readonly kind: "heads"; readonly label?: string }
  | { readonly kind: "head"; readonly label?: string }
  | { readonly kind: "base"; readonly label?: string }
  | { readonly kind: "relative"; readonly label?: string; readonly steps: number }
  | { readonly kind: "revision"; readonly label?: string; readonly ref: string };

const RELATIVE = /^[+-]\d+$/;

const FORMS = "a revision id, heads, head, base, +N or -N, optionally as L@head, L@base, L@+N, L@-N";

/** Parses `heads`, `head`, `base`, `+N`, `-N`, a revision id or prefix, and their `L@` forms. */
export function parseTarget(text: string): Target {
  const trimmed = text.trim();
  if (trimmed === "") throw new UsageError(`The target is empty: give ${FORMS}.`);
  const at = trimmed.indexOf("@");
  const label = at < 0 ? undefined : trimmed.slice(0, at);
  const rest = at < 0 ? trimmed : trimmed.slice(at + 1);
  if (label !== undefined) {
    const problem = branchLabelProblem(label);
    if (problem) throw new UsageError(`Target "${text}": ${problem}.`);
    if (rest === "") throw new UsageError(`Target "${text}" names no revision after the @: try ${label}@head.`);
  }
  const labelled = label === undefined ? {} : { label };
  if (rest === "heads") return { kind: "heads", ...labelled };
  if (rest === "head") return { kind: "head", ...labelled };
  if (rest === "base") return { kind: "base", ...labelled };
  if (RELATIVE.test(rest)) {
    const steps = Number(rest);
    if (steps === 0) throw new UsageError(`Target "${text}" moves nothing: use +N or -N with N of at least 1.`);
    return { kind: "relative", steps, ...labelled };
  }
  return { kind: "revision", ref: rest, ...labelled };
}

/** The text a user would type for a relative step on a branch (for messages). */
export function relativeForm(label: string | undefined, steps: number): string {
  const step = steps > 0 ? `+${steps}` : String(steps);
  return label === undefined ? step : `${label}@${step}`;
}

/**
 * `last` / `L@last` (downgrade only): the most recently applied revision, of branch L
 * when given. Undefined for every other target. The version table knows the order of
 * application, so the caller resolves it; the graph alone cannot.
 */
export function parseLast(text: string): { readonly label?: string } | undefined {
  const match = /^(?:(.+)@)?last$/.exec(text.trim());
  if (!match) return undefined;
  const label = match[1];
  if (label === undefined) return {};
  const problem = branchLabelProblem(label);
  if (problem) throw new UsageError(`Target "${text}": ${problem}.`);
  return { label };
}
