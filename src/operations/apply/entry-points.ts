import type { QueryRunner } from "typeorm";
import type { CheckModel, EnumModel, ForeignKeyModel, UniqueModel, ViewModel } from "../../schema/model";
import { dialectFor } from "../../dialect/dialect-for";
import type { DialectOperations } from "../../dialect/dialect-operations";
import { forgetLoadedTables } from "../../dialect/forget-loaded-tables";
import { ensureTypeormMetadataTable } from "../../dialect/typeorm-metadata-table";
import { typeorm } from "../../loading/typeorm-module";
import type { ColumnSpec } from "../column-spec";
import type { TableChange } from "../table-change";
import { recordGenerations } from "./generation-records";
import { recordTableChanges, type TableAlterations } from "./table-alterations";

/*
 * What revision files call where TypeORM's QueryRunner API would lose data or rebuild a
 * SQLite table carelessly. Each runs the dialect's own implementation.
 */

async function run(queryRunner: QueryRunner, work: (dialect: DialectOperations) => Promise<void>): Promise<void> {
  await work(dialectFor(queryRunner).operations);
  // TypeORM caches the tables it has read; strata's SQL changed them behind its back.
  forgetLoadedTables(queryRunner);
}

/** A column change, then TypeORM's record of the generated columns it touched (generation-records.ts). */
const columnChange = (queryRunner: QueryRunner, table: string, change: TableChange, work: (dialect: DialectOperations) => Promise<void>) =>
  run(queryRunner, async (d) => {
    await work(d);
    await recordGenerations(queryRunner, table, [change]);
  });

export const addColumn = (queryRunner: QueryRunner, table: string, column: ColumnSpec) =>
  columnChange(queryRunner, table, { kind: "addColumn", column }, (d) => d.addColumn(queryRunner, table, column));

export const dropColumn = (queryRunner: QueryRunner, table: string, column: string) =>
  columnChange(queryRunner, table, { kind: "dropColumn", column }, (d) => d.dropColumn(queryRunner, table, column));

/** Changes type, length, nullability, default, comment, allowed values or generation, keeping the data. */
export const alterColumn = (queryRunner: QueryRunner, table: string, from: ColumnSpec, to: ColumnSpec) =>
  columnChange(queryRunner, table, { kind: "alterColumn", from, to }, (d) => d.alterColumn(queryRunner, table, from, to));

export const renameColumn = (queryRunner: QueryRunner, table: string, from: string, to: string) =>
  run(queryRunner, (d) => d.renameColumn(queryRunner, table, from, to));

export const renameTable = (queryRunner: QueryRunner, from: string, to: string) =>
  run(queryRunner, (d) => d.renameTable(queryRunner, from, to));

/** Makes `columns` the primary key (none when empty). */
export const alterPrimaryKey = (queryRunner: QueryRunner, table: string, columns: readonly string[]) =>
  run(queryRunner, (d) => d.alterPrimaryKey(queryRunner, table, columns));

export const addForeignKey = (queryRunner: QueryRunner, table: string, foreignKey: ForeignKeyModel) =>
  run(queryRunner, (d) => d.addForeignKey(queryRunner, table, foreignKey));

export const dropForeignKey = (queryRunner: QueryRunner, table: string, foreignKey: ForeignKeyModel) =>
  run(queryRunner, (d) => d.dropForeignKey(queryRunner, table, foreignKey));

export const addUnique = (queryRunner: QueryRunner, table: string, unique: UniqueModel) =>
  run(queryRunner, (d) => d.addUnique(queryRunner, table, unique));

export const dropUnique = (queryRunner: QueryRunner, table: string, unique: UniqueModel) =>
  run(queryRunner, (d) => d.dropUnique(queryRunner, table, unique));

export const addCheck = (queryRunner: QueryRunner, table: string, check: CheckModel) =>
  run(queryRunner, (d) => d.addCheck(queryRunner, table, check));

export const dropCheck = (queryRunner: QueryRunner, table: string, check: CheckModel) =>
  run(queryRunner, (d) => d.dropCheck(queryRunner, table, check));

/** Renames an index (on SQLite: drops it and creates it again under the new name). */
export const renameIndex = (queryRunner: QueryRunner, table: string, from: string, to: string) =>
  run(queryRunner, (d) => d.renameIndex(queryRunner, table, from, to));

/** Renames a unique, foreign key or check constraint (on SQLite: by rebuilding the table). */
export const renameConstraint = (queryRunner: QueryRunner, table: string, from: string, to: string) =>
  run(queryRunner, (d) => d.renameConstraint(queryRunner, table, from, to));

/** PostgreSQL enum types; nothing on SQLite, where the values are a CHECK on the column. */
export const createEnum = (queryRunner: QueryRunner, model: EnumModel) =>
  run(queryRunner, (d) => d.createEnum(queryRunner, model));

export const dropEnum = (queryRunner: QueryRunner, name: string) => run(queryRunner, (d) => d.dropEnum(queryRunner, name));

export const alterEnum = (queryRunner: QueryRunner, name: string, from: readonly string[], to: readonly string[]) =>
  run(queryRunner, (d) => d.alterEnum(queryRunner, name, from, to));

/**
 * A view entity's view, through TypeORM's createView, which records its query in
 * typeorm_metadata: that record is what TypeORM's schema builder and strata compare.
 */
export async function createView(queryRunner: QueryRunner, view: ViewModel): Promise<void> {
  // Only a view nobody recorded lacks its query, and strata never drops one, so never makes one again.
  if (view.expression === undefined) throw new Error(`createView ${view.name}: the view's query is unknown.`);
  await ensureTypeormMetadataTable(queryRunner);
  await queryRunner.createView(new (typeorm().View)({ name: view.name, expression: view.expression, materialized: view.materialized }), true);
}

/** Drops a view TypeORM recorded, and its record. */
export const dropView = (queryRunner: QueryRunner, name: string): Promise<void> => queryRunner.dropView(name);

/**
 * Several changes to one table in one step, like Alembic's batch_alter_table: `describe`
 * lists them on `t` (`t.dropColumn("x"); t.alterColumn(from, to);`), then they run in
 * that order. PostgreSQL makes each with its own ALTER TABLE, as the single calls do;
 * SQLite rebuilds the table once for all the changes that need a rebuild, and makes the
 * others (a rename, an index, a column ALTER TABLE can add) without one.
 */
export async function alterTable(queryRunner: QueryRunner, table: string, describe: (t: TableAlterations) => void): Promise<void> {
  const changes = recordTableChanges(table, describe);
  if (changes.length === 0) return;
  await run(queryRunner, async (d) => {
    await d.alterTable(queryRunner, table, changes);
    await recordGenerations(queryRunner, table, changes);
  });
}
