import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import type { Dialect } from "../dialect/dialect";
import { ValidationError } from "../errors";
import { type Phase, PHASES } from "../graph/revision";

const REVISION = /^[0-9a-f]{12}$/;
const CHECKSUM = /^[0-9a-f]{64}$/;

/** One row of the version table: an applied revision (or one marked failed). */
export interface AppliedRow {
  readonly revision: string;
  readonly branch: string;
  readonly checksum: string;
  readonly state: "applied" | "failed";
  readonly tablesAdded: readonly string[];
  /**
   * The phase the revision declared (`phase: "pre"` or `"post"`), or null when it
   * declared none (and for rows an older strata wrote). Only a declared "pre" vouches
   * that code older than the revision still runs (validate-applied.ts).
   */
  readonly phase: Phase | null;
  readonly appliedAt: string;
}

/** What a new row holds: `phase` is the one the revision declared; none by default (a baseline, say). */
export type NewRow = Omit<AppliedRow, "appliedAt" | "phase"> & { readonly phase?: Phase | null };

const COLUMNS = `("revision", "branch", "checksum", "state", "tables_added", "phase")`;
const valuesOf = (row: NewRow) => [row.revision, row.branch, row.checksum, row.state, JSON.stringify(row.tablesAdded), row.phase ?? null];

/**
 * Reads and writes the version table. Every statement binds its values, except the two
 * a run sends inside a script with other statements (insertStatement, deleteStatement),
 * which quote them as the dialect's literals.
 */
export class VersionTable {
  private readonly quoted: string;

  constructor(
    readonly name: string,
    private readonly dialect: Pick<Dialect, "listTables" | "param" | "literal" | "versionTableDdl" | "versionTableColumns">,
  ) {
    this.quoted = quoteIdentifier(name);
  }

  async exists(queryRunner: QueryRunner): Promise<boolean> {
    return (await this.dialect.listTables(queryRunner)).includes(this.name);
  }

  /**
   * Creates the table, or upgrades one an older strata created: its rows gain the
   * `phase` column as NULL: no phase declared, which is what they were. Runs
   * under the run lock, before anything is recorded.
   */
  async ensure(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(this.dialect.versionTableDdl(this.quoted));
    if (!(await this.dialect.versionTableColumns(queryRunner, this.name)).includes("phase")) {
      await queryRunner.query(`ALTER TABLE ${this.quoted} ADD COLUMN "phase" varchar(4)`);
    }
  }

  async read(queryRunner: QueryRunner): Promise<AppliedRow[]> {
    if (!(await this.exists(queryRunner))) return [];
    return this.readRows(queryRunner);
  }

  /**
   * The rows of a version table known to exist: one SELECT, cheap enough to poll
   * (`wait`). `*`, because a table an older strata created has no `phase` column until
   * the first run that writes upgrades it; its rows read as declaring none.
   */
  async readRows(queryRunner: QueryRunner): Promise<AppliedRow[]> {
    const rows: Record<string, unknown>[] = await queryRunner.query(`SELECT * FROM ${this.quoted} ORDER BY "applied_at", "revision"`);
    return rows.map((r) => {
      const revision = String(r.revision);
      const corrupt = (column: string, expected: string): never => {
        throw new ValidationError(
          `The version table ${this.name} is corrupt: column ${column} of revision ${revision} holds ${JSON.stringify(r[column])}, not ${expected}.\n` +
            `Fix that row by hand (or restore it from a backup); strata will not guess what it meant.`,
        );
      };
      if (!REVISION.test(revision)) corrupt("revision", "a 12-hex revision id");
      const checksum = String(r.checksum).trim();
      if (!CHECKSUM.test(checksum)) corrupt("checksum", "a sha256 in hex");
      if (r.state !== "applied" && r.state !== "failed") corrupt("state", `"applied" or "failed"`);
      const phase = r.phase ?? null;
      if (phase !== null && !PHASES.includes(phase as Phase)) corrupt("phase", `"pre", "post" or NULL`);
      let tablesAdded: unknown;
      try {
        tablesAdded = JSON.parse(String(r.tables_added));
      } catch {
        corrupt("tables_added", "a JSON list of table names");
      }
      if (!Array.isArray(tablesAdded) || !tablesAdded.every((t) => typeof t === "string")) corrupt("tables_added", "a JSON list of table names");
      return {
        revision,
        branch: String(r.branch),
        checksum,
        state: r.state as AppliedRow["state"],
        tablesAdded: tablesAdded as string[],
        phase: phase as Phase | null,
        appliedAt: r.applied_at instanceof Date ? r.applied_at.toISOString() : String(r.applied_at),
      };
    });
  }

  /** The state of one revision's row (the table must exist). */
  /** Each recorded revision's state, in one query: a run reads it once per transaction (see CommitGroup). */
  async states(queryRunner: QueryRunner): Promise<Map<string, AppliedRow["state"]>> {
    const rows: { revision: string; state: string }[] = await queryRunner.query(`SELECT "revision", "state" FROM ${this.quoted}`);
    return new Map(rows.map((r) => [String(r.revision), r.state === "failed" ? "failed" : "applied"]));
  }

  async insert(queryRunner: QueryRunner, row: NewRow): Promise<void> {
    const values = valuesOf(row);
    await queryRunner.query(`INSERT INTO ${this.quoted} ${COLUMNS} VALUES (${values.map((_, i) => this.dialect.param(i + 1)).join(", ")})`, values);
  }

  /** The INSERT of `row` as one statement with its values in it, for a script. */
  insertStatement(row: NewRow): string {
    return `INSERT INTO ${this.quoted} ${COLUMNS} VALUES (${valuesOf(row).map((v) => this.dialect.literal(v)).join(", ")})`;
  }

  async markApplied(queryRunner: QueryRunner, revision: string, tablesAdded: readonly string[]): Promise<void> {
    const [a, b] = [this.dialect.param(1), this.dialect.param(2)];
    await queryRunner.query(`UPDATE ${this.quoted} SET "state" = 'applied', "tables_added" = ${a} WHERE "revision" = ${b}`, [
      JSON.stringify(tablesAdded),
      revision,
    ]);
  }

  async markFailed(queryRunner: QueryRunner, revision: string): Promise<void> {
    await queryRunner.query(`UPDATE ${this.quoted} SET "state" = 'failed' WHERE "revision" = ${this.dialect.param(1)}`, [revision]);
  }

  /** Removes a revision's row; for a snapshot also the rows of what it replaces, which an older database recorded instead. */
  async delete(queryRunner: QueryRunner, revision: string, replaces: readonly string[] = []): Promise<void> {
    const ids = [revision, ...replaces];
    const params = ids.map((_, i) => this.dialect.param(i + 1));
    await queryRunner.query(`DELETE FROM ${this.quoted} WHERE "revision" IN (${params.join(", ")})`, ids);
  }

  /** The DELETE of `delete` as one statement with its values in it, for a script. */
  deleteStatement(revision: string, replaces: readonly string[] = []): string {
    return `DELETE FROM ${this.quoted} WHERE "revision" IN (${[revision, ...replaces].map((id) => this.dialect.literal(id)).join(", ")})`;
  }
}
