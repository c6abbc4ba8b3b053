import type { QueryRunner, TableColumnOptions } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { StrataError } from "../../errors";
import { columnOptions } from "../../operations/apply/column-options";
import { type ColumnSpec, columnSpec } from "../../operations/apply/column-spec";
import type { DialectOperations } from "../../operations/apply/dialect-operations";
import { resolveColumnType } from "../../operations/apply/resolve-column-type";
import { dispatch, type OperationHandlers } from "../../operations/operation";
import { columnDefinitionSql, isLiteralDefault, redefineColumnSql } from "./column-definition";
import { rebuildTable } from "./rebuild-table";
import { SQLITE_TYPE_EQUIVALENTS, sqliteDefault } from "./sqlite-equivalents";
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

type AddedColumn = Pick<ColumnSpec, "nullable" | "default" | "generated" | "primary">;

/**
 * ALTER TABLE ADD COLUMN's limits (https://sqlite.org/lang_altertable.html#altertabaddcol):
 * no key or generation, and a NOT NULL column needs a constant, non-NULL default.
 */
function addsInPlace(column: AddedColumn): boolean {
  if (column.primary || column.generated !== undefined) return false;
  if (column.default === undefined) return column.nullable;
  return isLiteralDefault(column.default) && (column.nullable || !/^null$/i.test(column.default.trim()));
}

/** Only a comment changes, which SQLite cannot store. */
const commentOnly = (changes: readonly string[]) => changes.every((change) => change === "comment");

const REBUILDS: OperationHandlers<boolean> = {
  createTable: () => false,
  dropTable: () => false,
  renameTable: () => false,
  renameColumn: () => false,
  createIndex: () => false,
  dropIndex: () => false,
  createEnum: () => false,
  dropEnum: () => false,
  alterEnum: () => false,
  // Judged on the spec the revision file carries, as addColumn below judges it.
  addColumn: (op) => !addsInPlace(columnSpec(op.column)),
  alterColumn: (op) => !commentOnly(op.changes),
  dropColumn: () => true,
  alterPrimaryKey: () => true,
  addForeignKey: () => true,
  dropForeignKey: () => true,
  addUnique: () => true,
  dropUnique: () => true,
  addCheck: () => true,
  dropCheck: () => true,
};

const driverOf = (queryRunner: QueryRunner) => queryRunner.connection.driver;

/** Options for comparing two specs as SQLite would store them (comments are not stored). */
const stored = (column: TableColumnOptions) => JSON.stringify({ ...column, comment: undefined });

export const sqliteOperations: DialectOperations = {
  columnType(queryRunner, spec) {
    if (spec.isArray) {
      throw new StrataError(`Column "${spec.name}" is an array, which only PostgreSQL has. Edit the revision for SQLite.`);
    }
    // TypeORM writes an enum on SQLite as varchar with a CHECK of the allowed values.
    return spec.enumValues ? "varchar" : resolveColumnType(driverOf(queryRunner), spec.type, SQLITE_TYPE_EQUIVALENTS);
  },
  columnDefault: (spec) => sqliteDefault(spec.default),
  rebuildsTable: (op) => dispatch(REBUILDS, op),

  async addColumn(queryRunner, table, column) {
    const options = columnOptions(sqliteOperations, queryRunner, column);
    const sql = columnDefinitionSql(driverOf(queryRunner), options);
    if (addsInPlace({ ...column, default: options.default })) {
      await queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} ADD COLUMN ${sql}`);
    } else {
      await rebuildTable(queryRunner, table, addColumnDefinition(sql, column.name));
    }
  },
  dropColumn: (queryRunner, table, column) => rebuildTable(queryRunner, table, dropColumnDefinition(table, column)),
  async alterColumn(queryRunner, table, from, to) {
    const options = columnOptions(sqliteOperations, queryRunner, to);
    if (stored(columnOptions(sqliteOperations, queryRunner, from)) === stored(options)) return;
    const driver = driverOf(queryRunner);
    await rebuildTable(queryRunner, table, replaceColumnDefinition(table, to.name, (old) => redefineColumnSql(driver, old, options)));
  },
  async renameColumn(queryRunner, table, from, to) {
    // Native since SQLite 3.25; it rewrites indexes, triggers, views and foreign keys too.
    await queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} RENAME COLUMN ${quoteIdentifier(from)} TO ${quoteIdentifier(to)}`);
  },
  async renameTable(queryRunner, from, to) {
    // TypeORM's renameTable rebuilds the table afterwards to rename constraints; the
    // native rename keeps their names and rewrites references to the table (3.26+).
    await queryRunner.query(`ALTER TABLE ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`);
  },
  alterPrimaryKey: (queryRunner, table, columns) => rebuildTable(queryRunner, table, setPrimaryKey(columns)),
  addForeignKey: (queryRunner, table, fk) => rebuildTable(queryRunner, table, addForeignKeyDefinition(fk)),
  dropForeignKey: (queryRunner, table, fk) => rebuildTable(queryRunner, table, dropForeignKeyDefinition(table, fk)),
  addUnique: (queryRunner, table, unique) => rebuildTable(queryRunner, table, addUniqueDefinition(unique)),
  dropUnique: (queryRunner, table, unique) => rebuildTable(queryRunner, table, dropUniqueDefinition(table, unique)),
  addCheck: (queryRunner, table, check) => rebuildTable(queryRunner, table, addCheckDefinition(check)),
  dropCheck: (queryRunner, table, check) => rebuildTable(queryRunner, table, dropCheckDefinition(table, check)),
  // No enum types on SQLite: a column's allowed values are its CHECK, changed by alterColumn.
  createEnum: async () => {},
  dropEnum: async () => {},
  alterEnum: async () => {},
};
