import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import { typeorm } from "../loading/typeorm-module";
import type { IntrospectOptions } from "../schema/introspect-options";
import type { ViewModel } from "../schema/model";
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

/** What TypeORM recorded in its metadata table, in the current schema. */
export interface TypeormRecords {
  /** Generated columns' expressions (the entity's own text, which catalogs print in words of their own), by `table.column`. */
  readonly generations: ReadonlyMap<string, string>;
  /** Views' queries, by view name. */
  readonly views: ReadonlyMap<string, string>;
}

const VIEW_TYPES = new Set(["VIEW", "MATERIALIZED_VIEW"]);

/** TypeORM's records of generated columns and views; none without its table. */
export async function typeormRecords(queryRunner: QueryRunner): Promise<TypeormRecords> {
  const name = dataSourceOf(queryRunner).metadataTableName;
  if (!(await queryRunner.hasTable(name))) return { generations: new Map(), views: new Map() };
  const schema = await queryRunner.getCurrentSchema();
  const rows: { type: string; schema: string | null; table: string | null; name: string; value: string }[] = await queryRunner.query(
    `SELECT "type", "schema", "table", "name", "value" FROM ${quoteIdentifier(name)}`,
  );
  const here = rows.filter((row) => row.schema === null || row.schema === schema);
  return {
    generations: new Map(here.filter((row) => row.type === "GENERATED_COLUMN").map((row) => [`${row.table}.${row.name}`, row.value])),
    views: new Map(here.filter((row) => VIEW_TYPES.has(row.type)).map((row) => [row.name, row.value])),
  };
}

/** The database's views (all but those `options` leaves out), each with the query TypeORM recorded for it, if any. */
export function viewModels(
  existing: readonly { readonly name: string; readonly materialized?: boolean; readonly tables?: readonly string[] }[],
  recorded: ReadonlyMap<string, string>,
  options: IntrospectOptions,
): ViewModel[] {
  return existing
    .filter((view) => !options.exclude?.(view.name))
    .map((view) => ({
      name: view.name,
      expression: recorded.get(view.name),
      ...(view.materialized ? { materialized: true } : {}),
      ...(view.tables ? { tables: view.tables } : {}),
    }));
}
