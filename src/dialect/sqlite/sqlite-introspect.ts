import type { NamingStrategyInterface, QueryRunner } from "typeorm";
import type { IntrospectOptions } from "../../schema/introspect-options";
import type {
  CheckModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  ReferentialAction,
  SchemaModel,
  TableModel,
  UniqueModel,
} from "../../schema/model";
import { groupBy } from "../../schema/group-by";
import { isWord, matchingClose, tokenizeSql } from "../../schema/tokenize-sql";
import { normalizeSqliteSchema } from "./sqlite-normalize";
import { parseCreateIndex } from "./parse-create-index";
import { parseCreateTable, type ParsedCheck, type ParsedCreateTable } from "./parse-create-table";
import { dataSourceOf } from "../data-source-of";
import { typeormRecords, viewModels } from "../typeorm-metadata-table";

/**
 * Reads the live SQLite schema from sqlite_master and the table-valued PRAGMA functions
 * (which take bound parameters, unlike `PRAGMA x("name")`, and join over every table, so
 * each kind of object is one query for the whole schema), and the CREATE TABLE text
 * for what PRAGMAs do not say (constraint names, CHECKs, collations, AUTOINCREMENT).
 * Constraints created without a name are given the name TypeORM's naming strategy would
 * give them, which is the name the entity side has.
 */

interface XInfoRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexListRow {
  name: string;
  unique: number;
  origin: "c" | "u" | "pk";
  partial: number;
}
interface IndexXInfoRow {
  seqno: number;
  cid: number;
  name: string | null;
  key: number;
}
interface ForeignKeyRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sameNames = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name, i) => sameName(name, b[i]!));

/** A PRAGMA row tagged with the table it describes. */
interface Owned {
  owner: string;
}

/** The wanted tables as one bound JSON array, so that each kind of object is one query, not one per table. */
const OWNERS = `SELECT "value" AS "owner" FROM json_each(?)`;

const byOwner = <T extends Owned>(rows: readonly T[]) => groupBy(rows, (row) => row.owner);

/** What the PRAGMAs say about every wanted table: four queries for the whole schema. */
interface Catalog {
  readonly xinfo: ReadonlyMap<string, (XInfoRow & Owned)[]>;
  readonly indexList: ReadonlyMap<string, (IndexListRow & Owned)[]>;
  readonly indexKeys: ReadonlyMap<string, (IndexXInfoRow & { index: string })[]>;
  readonly foreignKeys: ReadonlyMap<string, (ForeignKeyRow & Owned)[]>;
}

async function readCatalog(queryRunner: QueryRunner, tables: readonly string[]): Promise<Catalog> {
  const owners = [JSON.stringify(tables)];
  const query = <T>(sql: string): Promise<T[]> => queryRunner.query(sql, owners);
  const xinfo = await query<XInfoRow & Owned>(`SELECT o."owner", x.* FROM (${OWNERS}) o JOIN pragma_table_xinfo(o."owner") x ORDER BY o."owner", x."cid"`);
  const indexList = await query<IndexListRow & Owned>(`SELECT o."owner", l.* FROM (${OWNERS}) o JOIN pragma_index_list(o."owner") l ORDER BY o."owner", l."seq"`);
  const keys = await query<IndexXInfoRow & { index: string }>(
    `SELECT l."name" AS "index", k.* FROM (${OWNERS}) o JOIN pragma_index_list(o."owner") l JOIN pragma_index_xinfo(l."name") k ` +
      `WHERE k."key" = 1 ORDER BY l."name", k."seqno"`,
  );
  const foreignKeys = await query<ForeignKeyRow & Owned>(`SELECT o."owner", f.* FROM (${OWNERS}) o JOIN pragma_foreign_key_list(o."owner") f ORDER BY o."owner", f."id", f."seq"`);
  // Index names are unique in a SQLite database, so the keys are grouped by index alone.
  const indexKeys = groupBy(keys, (key) => key.index);
  return { xinfo: byOwner(xinfo), indexList: byOwner(indexList), indexKeys, foreignKeys: byOwner(foreignKeys) };
}

export async function introspectSqlite(queryRunner: QueryRunner, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const internal = dataSourceOf(queryRunner).metadataTableName;
  const master: { type: string; name: string; tbl_name: string; sql: string | null }[] = await queryRunner.query(
    `SELECT "type", "name", "tbl_name", "sql" FROM "sqlite_master" WHERE "type" IN ('table', 'index', 'view') AND lower(substr("name", 1, 7)) <> 'sqlite_'`,
  );
  const indexSql = new Map(master.filter((row) => row.type === "index").map((row) => [row.name, row.sql ?? ""]));
  const wanted = master.filter(
    (row) =>
      row.type === "table" &&
      row.name !== internal &&
      !options.exclude?.(row.name) &&
      // A virtual table's columns and constraints belong to its module, not to a schema strata manages.
      !/^\s*CREATE\s+VIRTUAL\b/i.test(row.sql ?? ""),
  );
  const catalog = await readCatalog(queryRunner, wanted.map((row) => row.name));
  const tables: TableModel[] = [];
  for (const row of wanted) tables.push(await readTable(queryRunner, row.name, row.sql ?? "", { catalog, indexSql }, options));
  const views = master.filter((row) => row.type === "view");
  // TypeORM's record of each view's query: read only when there is a view.
  const recorded = views.length > 0 ? (await typeormRecords(queryRunner)).views : new Map<string, string>();
  return { ...normalizeSqliteSchema({ tables, enums: [] }), views: viewModels(views, recorded, options) };
}

async function readTable(
  queryRunner: QueryRunner,
  table: string,
  sql: string,
  { catalog, indexSql }: { readonly catalog: Catalog; readonly indexSql: ReadonlyMap<string, string> },
  options: IntrospectOptions,
): Promise<TableModel> {
  const naming = dataSourceOf(queryRunner).namingStrategy;
  const parsed = parseCreateTable(sql);
  const xinfo = catalog.xinfo.get(table) ?? [];
  const indexList = catalog.indexList.get(table) ?? [];
  const fkRows = catalog.foreignKeys.get(table) ?? [];

  const checks: CheckModel[] = [];
  const columns: ColumnModel[] = xinfo
    // hidden = 1: a virtual table's hidden column; 2 and 3 are generated columns, which are real.
    .filter((row) => row.hidden !== 1)
    .map((row) => {
      const own = parsed.columns.find((column) => sameName(column.name, row.name));
      let enumValues: string[] | undefined;
      for (const check of own?.checks ?? []) {
        const values = check.name === undefined ? enumValuesOf(check.expression, row.name) : undefined;
        if (values && !enumValues) enumValues = values;
        else checks.push(checkModel(naming, table, check));
      }
      return {
        name: row.name,
        // `x TEXT GENERATED ALWAYS AS (…)` reads back as type "TEXT GENERATED ALWAYS".
        type: row.type.replace(/\s+GENERATED\s+ALWAYS$/i, ""),
        nullable: row.notnull === 0,
        default: row.dflt_value ?? undefined,
        generated: own?.autoincrement ? ("increment" as const) : undefined,
        enumValues,
        collation: own?.collation,
        ...(own?.asExpression !== undefined ? { generatedType: own.stored ? ("STORED" as const) : ("VIRTUAL" as const), asExpression: own.asExpression, declaredAsExpression: own.asExpression } : {}),
      };
    });
  for (const constraint of parsed.constraints) {
    if (constraint.kind === "check") checks.push(checkModel(naming, table, { name: constraint.name, expression: constraint.expression ?? "" }));
  }

  const indexes: IndexModel[] = [];
  const uniques: UniqueModel[] = [];
  for (const index of indexList) {
    if (index.origin === "c" && options.excludeIndex?.(table, index.name)) continue;
    const keys = catalog.indexKeys.get(index.name) ?? [];
    if (index.origin === "c") {
      const definition = parseCreateIndex(indexSql.get(index.name) ?? "");
      indexes.push({
        name: index.name,
        // cid -2 marks an expression key; its text is only in the CREATE INDEX statement.
        columns: keys.map((key) => key.name ?? definition.keys[key.seqno] ?? ""),
        unique: index.unique === 1,
        where: index.partial === 1 ? definition.where : undefined,
      });
    } else if (index.origin === "u") {
      const names = keys.map((key) => key.name ?? "");
      uniques.push({ name: uniqueName(naming, table, parsed, names), columns: names });
    }
  }

  return {
    name: table,
    columns,
    primaryKey: xinfo
      .filter((row) => row.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((row) => row.name),
    indexes,
    uniques,
    foreignKeys: await foreignKeys(queryRunner, table, parsed, fkRows),
    checks,
  };
}

function checkModel(naming: NamingStrategyInterface, table: string, check: ParsedCheck): CheckModel {
  return { name: check.name ?? naming.checkConstraintName(table, check.expression), expression: check.expression };
}

/** `"status" IN ('a','b')` on the column itself, unnamed: how TypeORM writes a simple-enum. */
function enumValuesOf(expression: string, column: string): string[] | undefined {
  let tokens = tokenizeSql(expression, { bracketIdentifiers: true });
  while (tokens[0]?.kind === "open" && matchingClose(tokens, 0) === tokens.length - 1) tokens = tokens.slice(1, -1);
  const [subject, keyword, open] = tokens;
  if (!subject || !sameName(subject.value, column) || !isWord(keyword, "IN") || open?.kind !== "open") return undefined;
  if (matchingClose(tokens, 2) !== tokens.length - 1) return undefined;
  const list = tokens.slice(3, -1);
  const values = list.filter((_, i) => i % 2 === 0);
  const separators = list.filter((_, i) => i % 2 === 1);
  if (values.length === 0 || values.some((t) => t.kind !== "string") || separators.some((t) => t.kind !== "comma")) return undefined;
  return values.map((t) => t.value);
}

function uniqueName(naming: NamingStrategyInterface, table: string, parsed: ParsedCreateTable, columns: string[]): string {
  const declared = parsed.constraints.find((c) => c.kind === "unique" && sameNames(c.columns, columns));
  if (declared?.name) return declared.name;
  if (columns.length === 1) {
    const inline = parsed.columns.find((c) => sameName(c.name, columns[0]!))?.uniqueName;
    if (inline) return inline;
  }
  return naming.uniqueConstraintName(table, columns);
}

async function foreignKeys(
  queryRunner: QueryRunner,
  table: string,
  parsed: ParsedCreateTable,
  rows: readonly ForeignKeyRow[],
): Promise<ForeignKeyModel[]> {
  const naming = dataSourceOf(queryRunner).namingStrategy;
  const ids = [...new Set(rows.map((row) => row.id))];
  const result: ForeignKeyModel[] = [];
  for (const id of ids) {
    const parts = rows.filter((row) => row.id === id).sort((a, b) => a.seq - b.seq);
    const first = parts[0]!;
    const columns = parts.map((row) => row.from);
    // `REFERENCES parent` without columns means the parent's primary key.
    const referencedColumns = parts.every((row) => row.to !== null)
      ? parts.map((row) => row.to!)
      : await primaryKeyOf(queryRunner, first.table);
    const declared = parsed.constraints.find(
      (c) => c.kind === "foreign" && sameName(c.referencedTable ?? "", first.table) && sameNames(c.columns, columns),
    );
    const inline = columns.length === 1 ? parsed.columns.find((c) => sameName(c.name, columns[0]!)) : undefined;
    result.push({
      name: declared?.name ?? inline?.referencesName ?? naming.foreignKeyName(table, columns, first.table, referencedColumns),
      columns,
      referencedTable: first.table,
      referencedColumns,
      onDelete: first.on_delete as ReferentialAction,
      onUpdate: first.on_update as ReferentialAction,
      // The PRAGMA does not say; the FOREIGN KEY constraint (or else the column's REFERENCES) does.
      deferrable: declared ? declared.deferrable : inline?.referencesDeferrable,
    });
  }
  return result;
}

async function primaryKeyOf(queryRunner: QueryRunner, table: string): Promise<string[]> {
  const rows: XInfoRow[] = await queryRunner.query(`SELECT * FROM pragma_table_info(?)`, [table]);
  return rows
    .filter((row) => row.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((row) => row.name);
}
