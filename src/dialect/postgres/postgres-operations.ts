import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { applyTableChanges } from "../apply-table-changes";
import type { DialectOperations } from "../dialect-operations";
import { columnOptions } from "../column-options";
import type { ForeignKeyModel } from "../../schema/model";
import { alterPostgresColumn } from "./alter-column";
import { createEnumType, dropEnumType, setEnumValues } from "./enum-types";
import { postgresColumns } from "./postgres-columns";
import { dataSourceOf } from "../data-source-of";
import { typeorm } from "../../loading/typeorm-module";
import { foreignKeyOptions } from "../../operations/create-table-options";

const foreignKey = (fk: ForeignKeyModel) => new (typeorm().TableForeignKey)(foreignKeyOptions(fk));

const alterTableSql = (queryRunner: QueryRunner, table: string, clause: string) =>
  queryRunner.query(`ALTER TABLE ${quoteIdentifier(table)} ${clause}`);

/**
 * PostgreSQL alters tables in place, so TypeORM's API is used where it does exactly the
 * change asked for (adding a column, adding and dropping constraints). Plain SQL where it
 * does more: its changeColumn drops and re-adds a retyped column, its dropColumn also
 * drops the enum type, and its renames rename constraints too, which the other
 * dialect would not.
 */
export const postgresOperations: DialectOperations = {
  ...postgresColumns,

  async addColumn(queryRunner, table, column) {
    await queryRunner.addColumn(table, new (typeorm().TableColumn)(columnOptions(postgresColumns, queryRunner, column)));
  },
  async dropColumn(queryRunner, table, column) {
    await alterTableSql(queryRunner, table, `DROP COLUMN ${quoteIdentifier(column)}`);
  },
  async alterColumn(queryRunner, table, from, to) {
    const options = (spec: typeof from) => columnOptions(postgresColumns, queryRunner, spec);
    await alterPostgresColumn(queryRunner, table, options(from), options(to));
  },
  async renameColumn(queryRunner, table, from, to) {
    await alterTableSql(queryRunner, table, `RENAME COLUMN ${quoteIdentifier(from)} TO ${quoteIdentifier(to)}`);
  },
  async renameIndex(queryRunner, _table, from, to) {
    await queryRunner.query(`ALTER INDEX ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`);
  },
  async renameConstraint(queryRunner, table, from, to) {
    await alterTableSql(queryRunner, table, `RENAME CONSTRAINT ${quoteIdentifier(from)} TO ${quoteIdentifier(to)}`);
  },
  async renameTable(queryRunner, from, to) {
    await alterTableSql(queryRunner, from, `RENAME TO ${quoteIdentifier(to)}`);
  },
  async alterPrimaryKey(queryRunner, table, columns) {
    const current: { name: string }[] = await queryRunner.query(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'p'`,
      [quoteIdentifier(table)],
    );
    for (const { name } of current) await alterTableSql(queryRunner, table, `DROP CONSTRAINT ${quoteIdentifier(name)}`);
    if (columns.length === 0) return;
    const name = dataSourceOf(queryRunner).namingStrategy.primaryKeyName(table, [...columns]);
    await alterTableSql(queryRunner, table, `ADD CONSTRAINT ${quoteIdentifier(name)} PRIMARY KEY (${columns.map(quoteIdentifier).join(", ")})`);
  },
  addForeignKey: (queryRunner, table, fk) => queryRunner.createForeignKey(table, foreignKey(fk)),
  dropForeignKey: (queryRunner, table, fk) => queryRunner.dropForeignKey(table, foreignKey(fk)),
  addUnique: (queryRunner, table, unique) =>
    queryRunner.createUniqueConstraint(table, new (typeorm().TableUnique)({ name: unique.name, columnNames: [...unique.columns] })),
  dropUnique: (queryRunner, table, unique) =>
    queryRunner.dropUniqueConstraint(table, new (typeorm().TableUnique)({ name: unique.name, columnNames: [...unique.columns] })),
  addCheck: (queryRunner, table, check) =>
    queryRunner.createCheckConstraint(table, new (typeorm().TableCheck)({ name: check.name, expression: check.expression })),
  dropCheck: (queryRunner, table, check) =>
    queryRunner.dropCheckConstraint(table, new (typeorm().TableCheck)({ name: check.name, expression: check.expression })),
  createEnum: (queryRunner, model) => createEnumType(queryRunner, model.name, model.values),
  dropEnum: (queryRunner, name) => dropEnumType(queryRunner, name),
  alterEnum: (queryRunner, name, _from, to) => setEnumValues(queryRunner, name, to),
  // Tables are altered in place here: a batch is its changes, one by one.
  alterTable: (queryRunner, table, changes) => applyTableChanges(postgresOperations, queryRunner, table, changes),
};
