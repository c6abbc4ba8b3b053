import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import type { Dialect } from "../dialect/dialect";

/** How far one step of the port got: the last key copied (as read from the source), and the rows it copied. */
export interface StepProgress {
  readonly lastKey: readonly unknown[] | null;
  readonly copied: number;
  readonly done: boolean;
}

const START: StepProgress = { lastKey: null, copied: 0, done: false };

/**
 * The port's own small table on the target: one row per step (`copy:<table>` or
 * `link:<table>`), written in the same transaction as the rows it accounts for, so that
 * an interrupted port resumes after the last batch that committed, without duplicates.
 * Dropped when the port finishes with equal counts.
 */
export class PortProgress {
  private readonly quoted: string;
  private readonly steps = new Map<string, StepProgress>();

  constructor(
    readonly name: string,
    private readonly dialect: Pick<Dialect, "listTables" | "param">,
  ) {
    this.quoted = quoteIdentifier(name);
  }

  /** Reads the steps of an interrupted port; false when there is none (a fresh port). */
  async load(queryRunner: QueryRunner): Promise<boolean> {
    if (!(await this.dialect.listTables(queryRunner)).includes(this.name)) return false;
    const rows: { step: string; last_key: string | null; copied: string | number; done: string | number }[] = await queryRunner.query(
      `SELECT "step", "last_key", "copied", "done" FROM ${this.quoted}`,
    );
    for (const r of rows) {
      this.steps.set(r.step, { lastKey: r.last_key === null ? null : (JSON.parse(r.last_key) as unknown[]), copied: Number(r.copied), done: Number(r.done) === 1 });
    }
    return true;
  }

  async create(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE ${this.quoted} ("step" varchar(255) PRIMARY KEY NOT NULL, "last_key" text, "copied" bigint NOT NULL DEFAULT 0, "done" integer NOT NULL DEFAULT 0)`,
    );
  }

  get(step: string): StepProgress {
    return this.steps.get(step) ?? START;
  }

  /** Records a step's progress; call inside the transaction that wrote its rows. */
  async save(queryRunner: QueryRunner, step: string, progress: StepProgress): Promise<void> {
    const p = (n: number) => this.dialect.param(n);
    // Placeholders numbered in order of appearance: SQLite's `?` binds by position.
    const values = [progress.lastKey === null ? null : JSON.stringify(progress.lastKey), progress.copied, progress.done ? 1 : 0, step];
    if (this.steps.has(step)) {
      await queryRunner.query(`UPDATE ${this.quoted} SET "last_key" = ${p(1)}, "copied" = ${p(2)}, "done" = ${p(3)} WHERE "step" = ${p(4)}`, values);
    } else {
      await queryRunner.query(`INSERT INTO ${this.quoted} ("last_key", "copied", "done", "step") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`, values);
    }
    this.steps.set(step, progress);
  }

  async drop(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS ${this.quoted}`);
  }
}
