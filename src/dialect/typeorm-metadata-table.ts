import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import { typeorm } from "../loading/typeorm-module";
import { dataSourceOf } from "./data-source-of";

/** The columns of TypeORM's metadata table, each typed by the driver's `mappedDataTypes` entry. */
const COLUMNS = [
  ["type", "metadataType", false],
  ["database", "metadataDatabase", true],
  ["schema", "metadataSchema", true],
  ["table", "metadataTable", true],
  ["name", "metadataName", true],
  ["value", "metadataValue", true],
] as const;

/**
 * Creates TypeORM's `typeorm_metadata` table unless it exists, as its schema builder
 * does: TypeORM's createTable and addColumn record a generated column's expression
 * there (and fail without it), and its schema builder reads the expression back from it.
 */
export async function ensureTypeormMetadataTable(queryRunner: QueryRunner): Promise<void> {
  const dataSource = dataSourceOf(queryRunner);
  const { driver } = dataSource;
  const mapped = driver.mappedDataTypes as unknown as Record<string, string>;
  const columns = COLUMNS.map(([name, mappedType, isNullable]) => ({ name, type: driver.normalizeType({ type: mapped[mappedType] as never }), isNullable }));
  await queryRunner.createTable(new (typeorm().Table)({ name: driver.buildTableName(dataSource.metadataTableName), columns }), true);
}

interface MetadataSql {
  insertTypeormMetadataSql(row: Record<string, string | undefined>): { query: string; parameters?: unknown[] };
  deleteTypeormMetadataSql(row: Record<string, string | undefined>): { query: string; parameters?: unknown[] };
}

/**
 * Makes TypeORM's record of a column's generation say `expression` (nothing when
 * undefined), as its own addColumn and dropColumn keep it: its schema builder reads a
 * generated column's expression from there, and a stale one reads as drift.
 */
export async function recordGeneration(queryRunner: QueryRunner, table: string, column: string, expression: string | undefined): Promise<void> {
  if (expression !== undefined) await ensureTypeormMetadataTable(queryRunner);
  else if (!(await queryRunner.hasTable(dataSourceOf(queryRunner).metadataTableName))) return;
  // The rows TypeORM writes: PostgreSQL's name the database and schema, SQLite's neither.
  const row = {
    database: await queryRunner.getCurrentDatabase(),
    schema: await queryRunner.getCurrentSchema(),
    table,
    type: "GENERATED_COLUMN",
    name: column,
  };
  const sql = queryRunner as unknown as MetadataSql;
  const removal = sql.deleteTypeormMetadataSql(row);
  await queryRunner.query(removal.query, removal.parameters);
  if (expression === undefined) return;
  const insert = sql.insertTypeormMetadataSql({ ...row, value: expression });
  await queryRunner.query(insert.query, insert.parameters);
}

/**
 * The generated columns' expressions as TypeORM recorded them (the entity's own text,
 * which the catalog prints in its own words), by `table.column`; empty without the table.
 */
export async function recordedGenerations(queryRunner: QueryRunner): Promise<Map<string, string>> {
  const name = dataSourceOf(queryRunner).metadataTableName;
  if (!(await queryRunner.hasTable(name))) return new Map();
  const schema = await queryRunner.getCurrentSchema();
  const rows: { schema: string | null; table: string; name: string; value: string }[] = await queryRunner.query(
    `SELECT "schema", "table", "name", "value" FROM ${quoteIdentifier(name)} WHERE "type" = 'GENERATED_COLUMN'`,
  );
  return new Map(rows.filter((row) => row.schema === null || row.schema === schema).map((row) => [`${row.table}.${row.name}`, row.value]));
}
