import { relative } from "node:path";
import { RevisionFailedError, StrataError } from "../errors";
import type { StepCheck } from "../dialect/dialect";
import { loadDeferred } from "../graph/deferred-module";
import type { LoadedRevision, Phase } from "../graph/revision";
import { withBatchedSchemaCalls } from "./batched-schema-calls";
import { CommitGroup } from "./commit-group";
import type { Session } from "./session";
import { isStrataTable } from "./strata-tables";
import type { AppliedRow } from "./version-table";

export interface Step {
  readonly revision: LoadedRevision;
  readonly direction: "up" | "down";
}

export interface StepResult {
  readonly revision: string;
  readonly direction: "up" | "down";
  readonly branch: string;
  readonly message: string;
  readonly file: string;
  readonly phase: Phase;
  readonly ms: number;
  /** The `databases` form: which database it ran on. */
  readonly database?: string;
}

/**
 * How long "each" keeps one transaction open for consecutive revisions: a commit (an
 * fsync, ~10 ms on SQLite) per revision would cost a long history more than the
 * revisions themselves, while a short group keeps another writer's wait short.
 */
export const GROUP_BUDGET_MS = 200;

export interface RunOptions {
  /** "each": commit once a transaction has been open this long; 0 commits after every revision (what `--sql` prints). */
  readonly groupBudgetMs?: number;
  /** Each statement on its own, as `--sql` prints them; otherwise a schema call's statements go as one script (withBatchedSchemaCalls). */
  readonly statementByStatement?: boolean;
  /** Only the revisions' statements on their own (the data-loss check reads them), the version rows still sent with the next script. */
  readonly revisionStatementsAlone?: boolean;
}

/**
 * Runs the steps in order. Each revision runs in the same transaction as its version
 * row, and with transactionMode "each" a failing revision is undone alone, consecutive
 * revisions sharing a transaction for up to `groupBudgetMs` (see CommitGroup); "all"
 * runs them in one transaction; "none" (and any revision with `transaction: false`)
 * runs them outside one, writing a failed mark first that is cleared only when the
 * revision finishes, so a failure is never silently re-run.
 */
export async function runSteps(session: Session, steps: readonly Step[], options: RunOptions = {}): Promise<StepResult[]> {
  const { dialect, queryRunner, config } = session;
  const results: StepResult[] = [];
  const all = config.transactionMode === "all";
  // Before any transaction opens: the build may attach SQLite databases or create PostgreSQL extensions.
  if (steps.length > 0) await session.entities();
  const group = new CommitGroup(session, all ? Infinity : (options.groupBudgetMs ?? GROUP_BUDGET_MS), !all);
  await dialect.beforeRevisions(queryRunner);
  try {
    for (const step of steps) {
      const transactional = config.transactionMode !== "none" && step.revision.transactional;
      if (!transactional) await group.commit();
      const result = transactional ? await runInGroup(session, step, group, options) : await runWithFailedMark(session, step);
      if (result) results.push(result);
    }
    await group.commit();
  } catch (error) {
    await group.rollback().catch(() => {});
    throw error;
  } finally {
    await dialect.afterRevisions(queryRunner).catch(() => {});
  }
  return results;
}

/**
 * Whether the step still needs doing, by the version table as read inside the step's
 * own transaction (`states`). The run lock already serialises runners; this keeps
 * "exactly once" true should a lock ever be lost (a SQLite lock file taken over from a
 * process thought dead), as does the version table's primary key against a row
 * committed by such a runner after `states` was read.
 */
function pending(step: Step, states: ReadonlyMap<string, AppliedRow["state"]>): boolean {
  const { id, replaces } = step.revision;
  // A snapshot counts as applied where the rows of what it replaces stand for it.
  const state = states.get(id) ?? (replaces.length > 0 ? states.get(replaces.at(-1)!) : undefined);
  if (state === "failed") {
    throw new StrataError(`Revision ${step.revision.id} is marked failed by another run: see \`strata resolve\`.`);
  }
  return step.direction === "up" ? state === undefined : state !== undefined;
}

/**
 * The tables after the last successful step of a session: the next step's "before".
 * Nothing else changes them meanwhile, since the run holds the lock.
 */
const tablesAfterLastStep = new WeakMap<Session, ReadonlySet<string>>();

/**
 * The first line of a failure, and what the database added to it: PostgreSQL's DETAIL
 * names the rows a statement tripped over (`Key (name)=(ada) is duplicated.`), its HINT
 * the way out. TypeORM's QueryFailedError carries both from the driver's error.
 */
function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { detail, hint } = error as { detail?: unknown; hint?: unknown };
  const extra = [typeof detail === "string" ? detail : "", typeof hint === "string" ? `Hint: ${hint}` : ""].filter(Boolean);
  return [error.message.split("\n")[0], ...extra].join("\n");
}

/** `batch`: inside a transaction only, where a script runs as its statements would (see Dialect.runScript). */
async function execute(session: Session, step: Step, check: StepCheck, batch: boolean): Promise<{ ms: number; tablesAdded: string[] }> {
  const { queryRunner, dialect, config } = session;
  const started = Date.now();
  const before = tablesAfterLastStep.get(session) ?? new Set(await dialect.listTables(queryRunner));
  session.onEvent({ type: "start", direction: step.direction, revision: step.revision.id, message: step.revision.message });
  // The version row's checksum (a large revision's takes ~0.1 s to work out, unless
  // cached) is worked out while the database runs the step, not after it: the step's
  // first wait on the database is a macrotask away, once its statements are sent.
  if (step.direction === "up") setImmediate(() => prefetchChecksum(step.revision));
  try {
    const run = () => step.revision.module[step.direction](queryRunner);
    await (batch ? withBatchedSchemaCalls(queryRunner, dialect, run) : run());
  } catch (error) {
    throw new RevisionFailedError(
      `Revision ${step.revision.id} (${relative(config.rootDir, step.revision.file)}) failed in ${step.direction}(): ${failureReason(error)}`,
      step.revision.id,
      step.revision.file,
      step.direction,
      { cause: error },
    );
  }
  const after = await dialect.afterStep(queryRunner, check);
  tablesAfterLastStep.set(session, new Set(after));
  const tablesAdded = after.filter((t) => !before.has(t) && !isStrataTable(config, t));
  const ms = Date.now() - started;
  session.onEvent({ type: "done", direction: step.direction, revision: step.revision.id, ms });
  return { ms, tablesAdded };
}

/** Works out (and memoises) a revision's checksum early; a failure is left for `record`, which reports it. */
function prefetchChecksum(revision: LoadedRevision): void {
  try {
    void revision.checksum;
  } catch {
    // record() asks again and reports it
  }
}

/**
 * Records a step in its transaction: with `group`, as a statement the group sends with its
 * next script; without (`--sql`, which prints each statement as it runs), at once.
 */
async function record(session: Session, step: Step, tablesAdded: readonly string[], group?: CommitGroup): Promise<void> {
  const { versionTable, queryRunner } = session;
  const r = step.revision;
  if (step.direction === "down") {
    if (group) group.send(versionTable.deleteStatement(r.id, r.replaces));
    else await versionTable.delete(queryRunner, r.id, r.replaces);
    return;
  }
  const row = { revision: r.id, branch: r.directoryBranch, checksum: r.checksum, state: "applied", tablesAdded, phase: r.module.phase } as const;
  if (group) group.send(versionTable.insertStatement(row));
  else await versionTable.insert(queryRunner, row);
}

function resultOf(step: Step, ms: number): StepResult {
  const r = step.revision;
  return { revision: r.id, direction: step.direction, branch: r.directoryBranch, message: r.message, file: r.file, phase: r.phase, ms };
}

async function runInGroup(session: Session, step: Step, group: CommitGroup, options: RunOptions): Promise<StepResult | undefined> {
  const batch = !options.statementByStatement;
  // The revision's module compiles while the database opens the step's savepoint: once
  // the savepoint's statement is sent (a macrotask later), not before. Its top-level
  // code never has the query runner, so nothing of it reaches the database early.
  setImmediate(() => loadDeferred(step.revision.module));
  const savepoint = await group.enter();
  try {
    if (!pending(step, await group.recordedStates())) {
      session.onEvent({ type: "skip", revision: step.revision.id, reason: "already done by another run" });
      await group.keep(savepoint);
      return undefined;
    }
    const { ms, tablesAdded } = await execute(session, step, group.stepCheck(), batch && !options.revisionStatementsAlone);
    // Before the version row: a run that lost its lease must not record (or commit) anything.
    await session.fence?.(session.queryRunner);
    await record(session, step, tablesAdded, batch ? group : undefined);
    const { id, replaces } = step.revision;
    if (step.direction === "up") group.recorded([id], "applied");
    else group.recorded([id, ...replaces], undefined); // as the version table's delete does
    await group.keep(savepoint);
    return resultOf(step, ms);
  } catch (error) {
    await group.undo(savepoint).catch(() => {});
    throw error;
  }
}

async function runWithFailedMark(session: Session, step: Step): Promise<StepResult | undefined> {
  const { versionTable, queryRunner } = session;
  const r = step.revision;
  if (!pending(step, await versionTable.states(queryRunner))) return undefined;
  if (step.direction === "up") {
    await versionTable.insert(queryRunner, { revision: r.id, branch: r.directoryBranch, checksum: r.checksum, state: "failed", tablesAdded: [], phase: r.module.phase });
  } else {
    await versionTable.markFailed(queryRunner, r.id);
  }
  let outcome: { ms: number; tablesAdded: string[] };
  try {
    outcome = await execute(session, step, { verify: false, ownRows: 0 }, false);
  } catch (error) {
    // The failed mark stays on purpose: the operator looks, then `resolve`s.
    if (!(error instanceof RevisionFailedError)) throw error;
    throw new RevisionFailedError(
      `${error.message}\nIt ran outside a transaction and is marked failed; inspect the database, then run \`strata resolve ${r.id} --applied\` or \`--rolled-back\`.`,
      error.revision,
      error.file,
      error.direction,
      { cause: error.cause },
    );
  }
  const { ms, tablesAdded } = outcome;
  if (step.direction === "up") await versionTable.markApplied(queryRunner, r.id, tablesAdded);
  else await versionTable.delete(queryRunner, r.id, r.replaces);
  return resultOf(step, ms);
}
