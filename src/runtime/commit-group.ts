import type { StepCheck } from "../dialect/dialect";
import type { Session } from "./session";
import type { AppliedRow } from "./version-table";

/**
 * The open transaction of a run and the revisions it holds. Revisions run one after
 * another in it; it commits once it has been open `budgetMs` (checked after each
 * revision), before a revision that runs outside a transaction, and at the end. With
 * `undoAlone` (transactionMode "each") every revision after the first in a transaction
 * runs under a savepoint, so a failing one is undone alone and the revisions before it
 * commit, as if each had had its own transaction; without it ("all") a failure rolls
 * back the whole transaction. A killed run loses only what the open transaction held:
 * the version rows commit with their revisions, so the database stays at a recorded
 * revision. A revision's version row may be sent later than the revision, with the next
 * revision's savepoint or before the commit (`send`), always in the same transaction:
 * one round trip less per revision.
 */
export class CommitGroup {
  /** When the open transaction began; undefined when none is open. */
  private openedAt: number | undefined;
  /** Version rows written since the last step's check: the dialect's checks skip them. */
  private ownRows = 0;
  /** The version table as the open transaction first read it, kept current with the rows this run writes. */
  private states: Map<string, AppliedRow["state"]> | undefined;
  /** Whether the savepoint of the revision kept last is still open: the next savepoint releases it, or the commit ends it. */
  private keptSavepoint = false;
  /** Statements recording the revisions kept so far (their version rows) not yet sent: they go first in the next script. */
  private unsent: string[] = [];

  constructor(
    private readonly session: Session,
    private readonly budgetMs: number,
    private readonly undoAlone: boolean,
  ) {}

  /** Opens the transaction if none is open, or a savepoint; `true` when a savepoint marks this revision's start. */
  async enter(): Promise<boolean> {
    const { dialect, queryRunner, lock } = this.session;
    if (this.openedAt === undefined) {
      await dialect.begin(queryRunner, lock);
      this.openedAt = Date.now();
      return false;
    }
    if (!this.undoAlone) return false;
    await this.withUnsent((first) => dialect.savepoint(queryRunner, this.keptSavepoint, first));
    this.keptSavepoint = false;
    return true;
  }

  /** Records the revision entered last with `statement` (its version row), sent in the next script of this transaction. */
  send(statement: string): void {
    this.unsent.push(statement);
  }

  /**
   * Runs `script` with the unsent statements first. Should one fail (a version row that
   * another run wrote meanwhile), the revision kept last is undone, as it would have been
   * had its row been sent in its own step.
   */
  private async withUnsent(script: (first: readonly string[]) => Promise<void>): Promise<void> {
    const first = this.unsent;
    this.unsent = [];
    try {
      await script(first);
    } catch (error) {
      if (first.length > 0) await this.undo(this.keptSavepoint).catch(() => {});
      throw error;
    }
  }

  /**
   * What the dialect checks right after the revision entered last ran: with `undoAlone`
   * the revision itself, so that a problem is its own; "all" leaves the checks to the
   * commit, as one transaction may break and mend.
   */
  stepCheck(): StepCheck {
    const check = { verify: this.undoAlone, ownRows: this.ownRows };
    this.ownRows = 0;
    return check;
  }

  /** The revision entered last is done: keeps it, committing when the transaction's time is up. */
  async keep(savepoint: boolean): Promise<void> {
    this.keptSavepoint ||= savepoint;
    if (this.openedAt !== undefined && Date.now() - this.openedAt >= this.budgetMs) await this.commit();
  }

  /**
   * Each recorded revision's state, read once per transaction instead of once per
   * revision: inside the transaction, under the run lock, only this run writes the
   * version table, and `recorded` keeps the copy current.
   */
  async recordedStates(): Promise<ReadonlyMap<string, AppliedRow["state"]>> {
    return (this.states ??= await this.session.versionTable.states(this.session.queryRunner));
  }

  /** This run recorded (`applied`) or removed (undefined) the rows of `ids` in the open transaction. */
  recorded(ids: readonly string[], state: AppliedRow["state"] | undefined): void {
    this.ownRows += 1; // at least one row; counting fewer than were written errs towards checking
    for (const id of ids) {
      if (state === undefined) this.states?.delete(id);
      else this.states?.set(id, state);
    }
  }

  /** The revision entered last failed: undoes it alone (committing the ones before it), or everything. */
  async undo(savepoint: boolean): Promise<void> {
    if (!savepoint) return this.rollback();
    try {
      await this.session.dialect.rollbackToSavepoint(this.session.queryRunner);
    } catch {
      return this.rollback(); // the database ended the transaction itself (SQLite does on some errors)
    }
    await this.commit();
  }

  async commit(): Promise<void> {
    if (this.openedAt === undefined) return;
    if (this.unsent.length > 0) await this.withUnsent((first) => this.session.dialect.runScript(this.session.queryRunner, first));
    this.openedAt = undefined;
    this.states = undefined;
    this.keptSavepoint = false;
    const ownRows = this.ownRows;
    this.ownRows = 0;
    await this.session.dialect.commit(this.session.queryRunner, ownRows);
  }

  async rollback(): Promise<void> {
    this.openedAt = undefined;
    this.unsent = [];
    this.states = undefined;
    this.keptSavepoint = false;
    this.ownRows = 0;
    await this.session.dialect.rollback(this.session.queryRunner);
  }
}
