import type { QueryRunner, TableColumnOptions } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import type { ColumnSpec } from "../../operations/column-spec";
import { dispatchChange, type TableChange, type TableChangeHandlers } from "../../operations/table-change";
import { columnOptions } from "../column-options";
import { createTableIndex, dropTableIndex } from "../table-index";
import { addsInPlace, columnDefinitionSql, redefineColumnSql } from "./column-definition";
import { sqliteColumns } from "./sqlite-columns";
import type { TableDefinition } from "./table-definition";
import {
  addCheckDefinition,
  addColumnDefinition,
  addForeignKeyDefinition,
  addUniqueDefinition,
  dropCheckDefinition,
  dropColumnDefinition,
  dropForeignKeyDefinition,
  dropUniqueDefinition,
  renameConstraintDefinition,
  replaceColumnDefinition,
  setPrimaryKey,
} from "./table-edits";
import { dataSourceOf } from "../data-source-of";
import { dropsColumnInPlace } from "./drops-column-in-place";
import { rebuildTable } from "./rebuild-table";
import { renameSqliteIndex } from "./rename-sqlite-index";

/** A change of the table's CREATE TABLE statement, which only a rebuild can make. */
export interface Edit {
  readonly kind: "edit";
  readonly edit: (definition: TableDefinition, queryRunner: QueryRunner) => TableDefinition;
  /** The column it adds or drops: one rebuild must not drop a column and add it again (it would copy the old values back). */
  readonly adds?: string;
  readonly drops?: string;
}

/** What a change made in place does when edits are already waiting for the rebuild. */
export type WhileEditing =
  /** Becomes part of the rebuild, which makes it at no extra cost and keeps the columns in the order of the changes. */
  | Edit
  /** Runs at once: it does not touch the definition, and the rebuild then has one index less to recreate. */
  | { readonly kind: "now"; readonly index: string }
  /** Runs after the rebuild, whose columns it may need. */
  | { readonly kind: "afterRebuild"; readonly index: string | undefined }
  /** The rebuild goes first: the change must see the table as edited so far. */
  | { readonly kind: "rebuildFirst" };

/** Statements SQLite runs on the table as it stands, without a rebuild. */
export interface InPlace {
  readonly kind: "inPlace";
  readonly run: (queryRunner: QueryRunner) => Promise<unknown>;
  readonly whileEditing: WhileEditing;
  /** Decided on the database when it runs: a rebuild where SQLite cannot make it in place, so a revision file counts it as one. */
  readonly mayRebuild?: true;
}

/** How SQLite makes one change: an edit for the rebuild, in place, or not at all (nothing it stores changes). */
export type Step = Edit | InPlace | { readonly kind: "nothing" };

/** What planning a change needs to know; the queryRunner only comes in when a step runs. */
export interface PlanContext {
  readonly table: string;
  /** Whether SQLite stores the two specs of one column alike (it stores no comments, for one). */
  readonly storedAlike: (from: ColumnSpec, to: ColumnSpec) => boolean;
}

const edit = (change: Edit["edit"], columns: Pick<Edit, "adds" | "drops"> = {}): Edit => ({ kind: "edit", edit: change, ...columns });
const NOTHING: Step = { kind: "nothing" };

const optionsOf = (queryRunner: QueryRunner, spec: ColumnSpec) => columnOptions(sqliteColumns, queryRunner, spec);

/** Options for comparing two specs as SQLite would store them (comments are not stored). */
const stored = (column: TableColumnOptions | ColumnSpec) => JSON.stringify({ ...column, comment: undefined });

/** Compares the specs as the running database resolves them (so `timestamptz` and `timestamp` are both datetime). */
export const storedAlikeOn =
  (queryRunner: QueryRunner): PlanContext["storedAlike"] =>
  (from, to) =>
    stored(optionsOf(queryRunner, from)) === stored(optionsOf(queryRunner, to));

/** Compares the specs as written, without a database to resolve their types. */
export const storedAlikeAsWritten: PlanContext["storedAlike"] = (from, to) => stored(from) === stored(to);

const PLAN: TableChangeHandlers<Step, PlanContext> = {
  addColumn({ column }, { table }) {
    const sql = (queryRunner: QueryRunner) => columnDefinitionSql(dataSourceOf(queryRunner).driver, optionsOf(queryRunner, column));
    const inRebuild = edit((d, queryRunner) => addColumnDefinition(sql(queryRunner), column.name)(d), { adds: column.name });
    if (!addsInPlace({ ...column, default: sqliteColumns.columnDefault(column) })) return inRebuild;
    return {
      kind: "inPlace",
      run: (queryRunner) => queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} ADD COLUMN ${sql(queryRunner)}`),
      whileEditing: inRebuild,
    };
  },
  dropColumn(change, { table }) {
    const inRebuild = edit(dropColumnDefinition(table, change.column), { drops: change.column });
    return {
      kind: "inPlace",
      async run(queryRunner) {
        if (await dropsColumnInPlace(queryRunner, table, change.column)) {
          await queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} DROP COLUMN ${quoteIdentifier(change.column)}`);
        } else {
          await rebuildTable(queryRunner, table, (d) => inRebuild.edit(d, queryRunner));
        }
      },
      whileEditing: inRebuild,
      mayRebuild: true,
    };
  },
  alterColumn(change, { table, storedAlike }) {
    if (storedAlike(change.from, change.to)) return NOTHING;
    return edit((d, queryRunner) => {
      const options = optionsOf(queryRunner, change.to);
      return replaceColumnDefinition(table, change.to.name, (old) => redefineColumnSql(dataSourceOf(queryRunner).driver, old, options))(d);
    });
  },
  renameColumn: (change, { table }) => ({
    kind: "inPlace",
    // Native since SQLite 3.25; it rewrites indexes, triggers, views and foreign keys too.
    run: (queryRunner) =>
      queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} RENAME COLUMN ${quoteIdentifier(change.from)} TO ${quoteIdentifier(change.to)}`),
    whileEditing: { kind: "rebuildFirst" },
  }),
  alterPrimaryKey: (change) => edit(setPrimaryKey(change.columns)),
  createIndex: (change, { table }) => ({
    kind: "inPlace",
    run: (queryRunner) => createTableIndex(queryRunner, table, change.index),
    whileEditing: { kind: "afterRebuild", index: change.index.name },
  }),
  dropIndex: (change, { table }) => ({
    kind: "inPlace",
    run: (queryRunner) => dropTableIndex(queryRunner, table, change.name),
    whileEditing: { kind: "now", index: change.name },
  }),
  renameIndex: (change, { table }) => ({
    kind: "inPlace",
    run: (queryRunner) => renameSqliteIndex(queryRunner, table, change.from, change.to),
    whileEditing: { kind: "rebuildFirst" },
  }),
  renameConstraint: (change, { table }) => edit(renameConstraintDefinition(table, change.from, change.to)),
  addUnique: (change) => edit(addUniqueDefinition(change.unique)),
  dropUnique: (change, { table }) => edit(dropUniqueDefinition(table, change.unique)),
  addForeignKey: (change) => edit(addForeignKeyDefinition(change.foreignKey)),
  dropForeignKey: (change, { table }) => edit(dropForeignKeyDefinition(table, change.foreignKey)),
  addCheck: (change) => edit(addCheckDefinition(change.check)),
  dropCheck: (change, { table }) => edit(dropCheckDefinition(table, change.check)),
};

/**
 * How SQLite makes `change`: the one place that decides whether a change rebuilds the
 * table (an "edit"), both for running it and for saying so in a revision file.
 */
export const planSqliteChange = (change: TableChange, context: PlanContext): Step => dispatchChange(PLAN, change, context);
