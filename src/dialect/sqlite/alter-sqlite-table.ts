import type { QueryRunner, TableColumnOptions } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { columnOptions } from "../../operations/apply/column-options";
import { dispatchChange, type TableChange, type TableChangeHandlers } from "../../operations/apply/table-change";
import { createTableIndex, dropTableIndex } from "../../operations/apply/table-index";
import { addsInPlace, columnDefinitionSql, redefineColumnSql } from "./column-definition";
import { rebuildTable } from "./rebuild-table";
import { sqliteColumns } from "./sqlite-columns";
import { sameName, type TableDefinition } from "./table-definition";
import {
  addCheckDefinition,
  addColumnDefinition,
  addForeignKeyDefinition,
  addUniqueDefinition,
  dropCheckDefinition,
  dropColumnDefinition,
  dropForeignKeyDefinition,
  dropUniqueDefinition,
  replaceColumnDefinition,
  setPrimaryKey,
} from "./table-edits";

/** A change of the table's CREATE TABLE statement, which only a rebuild can make. */
interface Edit {
  readonly kind: "edit";
  readonly edit: (definition: TableDefinition) => TableDefinition;
  /** The column it adds or drops: one rebuild must not drop a column and add it again (it would copy the old values back). */
  readonly adds?: string;
  readonly drops?: string;
}

/** What a change made in place does when edits are already waiting for the rebuild. */
type WhileEditing =
  /** Becomes part of the rebuild, which makes it at no extra cost and keeps the columns in the order of the changes. */
  | Edit
  /** Runs at once: it does not touch the definition, and the rebuild then has one index less to recreate. */
  | { readonly kind: "now"; readonly index: string }
  /** Runs after the rebuild, whose columns it may need. */
  | { readonly kind: "afterRebuild"; readonly index: string | undefined }
  /** The rebuild goes first: the change must see the table as edited so far. */
  | { readonly kind: "rebuildFirst" };

/** Statements SQLite runs on the table as it stands, without a rebuild. */
interface InPlace {
  readonly kind: "inPlace";
  readonly run: () => Promise<unknown>;
  readonly whileEditing: WhileEditing;
}

/** How SQLite makes one change: an edit for the rebuild, in place, or not at all (nothing it stores changes). */
type Step = Edit | InPlace | { readonly kind: "nothing" };

interface At {
  readonly queryRunner: QueryRunner;
  readonly table: string;
}

const edit = (change: Edit["edit"], columns: Pick<Edit, "adds" | "drops"> = {}): Edit => ({ kind: "edit", edit: change, ...columns });
const NOTHING: Step = { kind: "nothing" };

/** Options for comparing two specs as SQLite would store them (comments are not stored). */
const stored = (column: TableColumnOptions) => JSON.stringify({ ...column, comment: undefined });

const PLAN: TableChangeHandlers<Step, At> = {
  addColumn(change, { queryRunner, table }) {
    const options = columnOptions(sqliteColumns, queryRunner, change.column);
    const sql = columnDefinitionSql(queryRunner.connection.driver, options);
    const inRebuild = edit(addColumnDefinition(sql, change.column.name), { adds: change.column.name });
    if (!addsInPlace({ ...change.column, default: options.default })) return inRebuild;
    return {
      kind: "inPlace",
      run: () => queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} ADD COLUMN ${sql}`),
      whileEditing: inRebuild,
    };
  },
  dropColumn: (change, { table }) => edit(dropColumnDefinition(table, change.column), { drops: change.column }),
  alterColumn(change, { queryRunner, table }) {
    const options = columnOptions(sqliteColumns, queryRunner, change.to);
    if (stored(columnOptions(sqliteColumns, queryRunner, change.from)) === stored(options)) return NOTHING;
    const driver = queryRunner.connection.driver;
    return edit(replaceColumnDefinition(table, change.to.name, (old) => redefineColumnSql(driver, old, options)));
  },
  renameColumn: (change, { queryRunner, table }) => ({
    kind: "inPlace",
    // Native since SQLite 3.25; it rewrites indexes, triggers, views and foreign keys too.
    run: () =>
      queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} RENAME COLUMN ${quoteIdentifier(change.from)} TO ${quoteIdentifier(change.to)}`),
    whileEditing: { kind: "rebuildFirst" },
  }),
  alterPrimaryKey: (change) => edit(setPrimaryKey(change.columns)),
  createIndex: (change, { queryRunner, table }) => ({
    kind: "inPlace",
    run: () => createTableIndex(queryRunner, table, change.index),
    whileEditing: { kind: "afterRebuild", index: change.index.name },
  }),
  dropIndex: (change, { queryRunner, table }) => ({
    kind: "inPlace",
    run: () => dropTableIndex(queryRunner, table, change.name),
    whileEditing: { kind: "now", index: change.name },
  }),
  addUnique: (change) => edit(addUniqueDefinition(change.unique)),
  dropUnique: (change, { table }) => edit(dropUniqueDefinition(table, change.unique)),
  addForeignKey: (change) => edit(addForeignKeyDefinition(change.foreignKey)),
  dropForeignKey: (change, { table }) => edit(dropForeignKeyDefinition(table, change.foreignKey)),
  addCheck: (change) => edit(addCheckDefinition(change.check)),
  dropCheck: (change, { table }) => edit(dropCheckDefinition(table, change.check)),
};

/** The edits waiting for one rebuild of a table, and the statements that must follow it. */
class PendingRebuild {
  private edits: Edit[] = [];
  private after: { readonly run: () => Promise<unknown>; readonly index: string | undefined }[] = [];

  constructor(private readonly at: At) {}

  get waiting(): boolean {
    return this.edits.length > 0;
  }

  add(step: Edit): void {
    this.edits.push(step);
  }

  /** Whether `step` re-adds a column a waiting edit drops: one rebuild would copy the old values into it. */
  readds(step: Edit): boolean {
    return step.adds !== undefined && this.edits.some((e) => e.drops !== undefined && sameName(e.drops, step.adds!));
  }

  defer(run: () => Promise<unknown>, index: string | undefined): void {
    this.after.push({ run, index });
  }

  defers(index: string): boolean {
    return this.after.some((a) => a.index !== undefined && sameName(a.index, index));
  }

  /** One rebuild making every waiting edit, in order; then what waited for it. */
  async rebuild(): Promise<void> {
    const [edits, after] = [this.edits, this.after];
    [this.edits, this.after] = [[], []];
    if (edits.length > 0) {
      await rebuildTable(this.at.queryRunner, this.at.table, (definition) => edits.reduce((d, e) => e.edit(d), definition));
    }
    for (const step of after) await step.run();
  }
}

/**
 * Makes `changes` to a SQLite table with the result of making them one by one, in as
 * few rebuilds as that allows (one, for any autogenerated batch): each change that needs
 * a rebuild edits the table's definition in memory, and one rebuild makes every edit.
 * Changes SQLite makes in place (a rename, an index, a column ALTER TABLE can add) run
 * as such while no edit waits; once one does, a column to add joins the rebuild, an
 * index drop runs at once, an index creation runs after the rebuild, and a rename runs
 * the rebuild first. So does re-adding a dropped column, or dropping an index that is
 * still to be created: orders only a hand-written batch has.
 */
export async function alterSqliteTable(queryRunner: QueryRunner, table: string, changes: readonly TableChange[]): Promise<void> {
  const at: At = { queryRunner, table };
  const pending = new PendingRebuild(at);
  for (const change of changes) {
    const step = dispatchChange(PLAN, change, at);
    switch (step.kind) {
      case "nothing":
        break;
      case "edit":
        if (pending.readds(step)) await pending.rebuild();
        pending.add(step);
        break;
      case "inPlace":
        if (pending.waiting) await whileEditing(pending, step);
        else await step.run();
        break;
      default:
        step satisfies never;
    }
  }
  await pending.rebuild();
}

async function whileEditing(pending: PendingRebuild, step: InPlace): Promise<void> {
  const when = step.whileEditing;
  switch (when.kind) {
    case "edit":
      if (!pending.readds(when)) return pending.add(when);
      await pending.rebuild();
      await step.run();
      return;
    case "now":
      if (pending.defers(when.index)) await pending.rebuild();
      await step.run();
      return;
    case "afterRebuild":
      return pending.defer(step.run, when.index);
    case "rebuildFirst":
      await pending.rebuild();
      await step.run();
      return;
    default:
      when satisfies never;
  }
}
