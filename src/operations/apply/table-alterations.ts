import type { TableIndexOptions } from "typeorm";
import { StrataError } from "../../errors";
import type { CheckModel, ForeignKeyModel, UniqueModel } from "../../schema/model";
import type { ColumnSpec } from "../column-spec";
import type { TableChange, TableChangeKind } from "../table-change";

/**
 * What an alterTable callback can ask of its table, one method per change (the same
 * arguments as the single entry points, without the query runner and the table). Each
 * call only records the change; they all run, in order, once the callback returns.
 */
export interface TableAlterations {
  addColumn(column: ColumnSpec): void;
  dropColumn(column: string): void;
  /** Changes type, length, nullability, default, comment or allowed values, keeping the data. */
  alterColumn(from: ColumnSpec, to: ColumnSpec): void;
  renameColumn(from: string, to: string): void;
  /** Makes `columns` the primary key (none when empty). */
  alterPrimaryKey(columns: readonly string[]): void;
  /** As TypeORM's `queryRunner.createIndex(table, new TableIndex(index))`. */
  createIndex(index: TableIndexOptions): void;
  /** As TypeORM's `queryRunner.dropIndex(table, name)`. */
  dropIndex(name: string): void;
  /** Renames an index (on SQLite: drops it and creates it again under the new name). */
  renameIndex(from: string, to: string): void;
  addUnique(unique: UniqueModel): void;
  dropUnique(unique: UniqueModel): void;
  addForeignKey(foreignKey: ForeignKeyModel): void;
  dropForeignKey(foreignKey: ForeignKeyModel): void;
  addCheck(check: CheckModel): void;
  dropCheck(check: CheckModel): void;
  /** Renames a unique, foreign key or check constraint (on SQLite: in the table's rebuild). */
  renameConstraint(from: string, to: string): void;
}

/** The changes `describe` asks for, in order. */
export function recordTableChanges(table: string, describe: (t: TableAlterations) => void): TableChange[] {
  const changes: TableChange[] = [];
  let open = true;
  const record = (change: TableChange) => {
    if (!open) throw new StrataError(`alterTable "${table}": a change was asked for after the callback returned. Make every change inside it.`);
    changes.push(Object.freeze(change));
  };
  // Typed per kind, so that a new kind of change fails to compile until it has a method.
  const methods: { readonly [K in TableChangeKind]: TableAlterations[K] } = {
    addColumn: (column) => record({ kind: "addColumn", column }),
    dropColumn: (column) => record({ kind: "dropColumn", column }),
    alterColumn: (from, to) => record({ kind: "alterColumn", from, to }),
    renameColumn: (from, to) => record({ kind: "renameColumn", from, to }),
    alterPrimaryKey: (columns) => record({ kind: "alterPrimaryKey", columns }),
    createIndex: (index) => record({ kind: "createIndex", index }),
    dropIndex: (name) => record({ kind: "dropIndex", name }),
    renameIndex: (from, to) => record({ kind: "renameIndex", from, to }),
    addUnique: (unique) => record({ kind: "addUnique", unique }),
    dropUnique: (unique) => record({ kind: "dropUnique", unique }),
    addForeignKey: (foreignKey) => record({ kind: "addForeignKey", foreignKey }),
    dropForeignKey: (foreignKey) => record({ kind: "dropForeignKey", foreignKey }),
    addCheck: (check) => record({ kind: "addCheck", check }),
    dropCheck: (check) => record({ kind: "dropCheck", check }),
    renameConstraint: (from, to) => record({ kind: "renameConstraint", from, to }),
  };
  const returned: unknown = describe(methods);
  open = false;
  if (typeof (returned as PromiseLike<unknown> | undefined)?.then === "function") {
    // Whatever it asks for after its first await is refused; that refusal is not news.
    Promise.resolve(returned).catch(() => {});
    throw new StrataError(
      `alterTable "${table}": the callback must not be async. It only lists the changes, which run after it returns; ` +
        `run other statements before or after the alterTable call.`,
    );
  }
  return changes;
}
