import { StrataError } from "../errors";
import type { LoadedRevision, Phase } from "../graph/revision";
import { appliedIds } from "./applied";
import { dryRun } from "./dry-run";
import { runSteps, type Step, type StepResult } from "./run-steps";
import type { Session } from "./session";
import { splitByPhase } from "./split-by-phase";
import { isStrataTable } from "./strata-tables";

export interface RunOutcome {
  readonly steps: readonly StepResult[];
  /** With `sql`: the statements the run would execute (nothing was run on the database). */
  readonly sql?: readonly string[];
  /** With `phase: "pre"`: the pending revisions left for `--phase post`, in apply order. */
  readonly left?: readonly LeftRevision[];
}

/** A revision `upgrade --phase pre` did not apply. */
export interface LeftRevision {
  readonly revision: string;
  readonly branch: string;
  readonly phase: Phase;
  readonly message: string;
}

const leftRevision = (r: LoadedRevision): LeftRevision => ({ revision: r.id, branch: r.directoryBranch, phase: r.phase, message: r.message });

/** Refuses to migrate a database that has tables but no version table: it needs `adopt` or `stamp`. */
async function refuseUnadopted(session: Session): Promise<void> {
  if (await session.versionTable.exists(session.queryRunner)) return;
  const tables = (await session.dialect.listTables(session.queryRunner)).filter((t) => !isStrataTable(session.config, t));
  if (tables.length === 0) return;
  const shown = tables.slice(0, 5).join(", ") + (tables.length > 5 ? ", …" : "");
  throw new StrataError(
    `The database already has tables (${shown}) but no ${session.config.versionTable} table: strata has never managed it.\n` +
      `Take it over first, then upgrade: \`strata adopt -m baseline\` for a database TypeORM built (it writes the baseline revisions and stamps them), ` +
      `or \`strata stamp <revision>\` when its schema is what that revision builds.`,
  );
}

/**
 * Runs `steps`, or with `sql` returns the SQL they would run: replayed on a scratch
 * database (dry-run.ts), so the target database is never changed, not even inside a
 * transaction rolled back.
 */
export async function applySteps(session: Session, steps: readonly Step[], sql: boolean): Promise<RunOutcome> {
  if (sql) {
    if (steps.length === 0) return { steps: [], sql: [] };
    try {
      // One transaction per revision, as a reader of the SQL would run it by hand.
      return { steps: [], sql: (await dryRun(session, steps, { groupBudgetMs: 0, statementByStatement: true })).statements };
    } catch (error) {
      if (!(error instanceof StrataError)) throw error;
      throw new StrataError(`--sql runs the revisions on a scratch database to print their SQL, and that failed: ${error.message}`, {
        cause: error,
      });
    }
  }
  if (steps.length > 0) await session.versionTable.ensure(session.queryRunner);
  return { steps: await runSteps(session, steps) };
}

export interface UpgradeOptions {
  readonly sql?: boolean;
  /** "pre": stop each branch before its first pending post revision; "post" (or none): everything. */
  readonly phase?: Phase;
}

export async function upgrade(session: Session, target: string, options: UpgradeOptions = {}): Promise<RunOutcome> {
  await refuseUnadopted(session);
  const { run, left } = splitByPhase(session.graph.upgradePlan(appliedIds(session), target), options.phase);
  const outcome = await applySteps(session, run.map((revision) => ({ revision, direction: "up" as const })), options.sql ?? false);
  return options.phase === "pre" ? { ...outcome, left: left.map(leftRevision) } : outcome;
}
