import { UsageError } from "../errors";
import { type Operation, renameColumn, renameTable } from "../operations";
import type { SchemaModel, TableModel } from "../schema/model";
import { renameIdentifierInSql } from "./rename-identifier";
import { byCodePoint } from "../schema/by-name";

/** Renames the caller vouches for (the CLI's --rename-table / --rename, or a test's table). */
export interface Renames {
  /** Old table name → new table name. */
  readonly tables?: Readonly<Record<string, string>>;
  /** Table (new name; the old one is accepted too) → old column name → new column name. */
  readonly columns?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface RenamedSchema {
  /** The database model as it is after the renames, to compare with the metadata. */
  readonly schema: SchemaModel;
  /** Table renames first, then column renames (by their tables' new names). */
  readonly operations: readonly Operation[];
}

const hasTable = (schema: SchemaModel, name: string) => schema.tables.some((t) => t.name === name);

function checkTableRename(from: SchemaModel, to: SchemaModel, old: string, renamed: string): void {
  const refuse = (why: string) => new UsageError(`Cannot rename table "${old}" to "${renamed}": ${why}.`);
  if (!hasTable(from, old)) throw refuse(`the database has no table "${old}"`);
  if (!hasTable(to, renamed)) throw refuse(`the entities define no table "${renamed}"`);
  if (hasTable(from, renamed)) throw refuse(`the database already has a table "${renamed}"`);
  if (hasTable(to, old)) throw refuse(`the entities still define a table "${old}"`);
}

function checkColumnRename(from: TableModel, to: TableModel, old: string, renamed: string): void {
  const has = (t: TableModel, c: string) => t.columns.some((col) => col.name === c);
  const refuse = (why: string) => new UsageError(`Cannot rename column ${to.name}.${old} to "${renamed}": ${why}.`);
  if (!has(from, old)) throw refuse(`the database table has no column "${old}"`);
  if (!has(to, renamed)) throw refuse(`the entity defines no column "${renamed}"`);
  if (has(from, renamed)) throw refuse(`the database table already has a column "${renamed}"`);
  if (has(to, old)) throw refuse(`the entity still defines a column "${old}"`);
}

const renameIn = (names: readonly string[], old: string, renamed: string) => names.map((n) => (n === old ? renamed : n));

function withTableRenamed(schema: SchemaModel, old: string, renamed: string): SchemaModel {
  return {
    ...schema,
    tables: schema.tables.map((t) => ({
      ...t,
      name: t.name === old ? renamed : t.name,
      foreignKeys: t.foreignKeys.map((fk) =>
        fk.referencedTable === old ? { ...fk, referencedTable: renamed } : fk,
      ),
    })),
  };
}

function withColumnRenamed(schema: SchemaModel, table: string, old: string, renamed: string): SchemaModel {
  const inSql = (sql: string) => renameIdentifierInSql(sql, old, renamed);
  return {
    ...schema,
    tables: schema.tables.map((t) => {
      // Other tables only mention the column through their foreign keys into this table.
      const foreignKeys = t.foreignKeys.map((fk) => {
        const own = t.name === table ? { ...fk, columns: renameIn(fk.columns, old, renamed) } : fk;
        return fk.referencedTable === table ? { ...own, referencedColumns: renameIn(fk.referencedColumns, old, renamed) } : own;
      });
      if (t.name !== table) return { ...t, foreignKeys };
      return {
        ...t,
        foreignKeys,
        columns: t.columns.map((c) => (c.name === old ? { ...c, name: renamed } : c)),
        primaryKey: renameIn(t.primaryKey, old, renamed),
        indexes: t.indexes.map((i) => ({
          ...i,
          columns: renameIn(i.columns, old, renamed),
          ...(i.where === undefined ? {} : { where: inSql(i.where) }),
        })),
        uniques: t.uniques.map((u) => ({ ...u, columns: renameIn(u.columns, old, renamed) })),
        checks: t.checks.map((c) => ({ ...c, expression: inSql(c.expression) })),
      };
    }),
  };
}

/**
 * Checks the renames against both models and applies them to a copy of the database
 * model, so that what follows compares like with like and nothing is dropped and re-added.
 */
export function applyRenames(from: SchemaModel, to: SchemaModel, renames: Renames = {}): RenamedSchema {
  let schema = from;
  const operations: Operation[] = [];
  const tableRenames = Object.entries(renames.tables ?? {}).sort(([, a], [, b]) => byCodePoint(a, b));
  for (const [old, renamed] of tableRenames) {
    checkTableRename(from, to, old, renamed);
    schema = withTableRenamed(schema, old, renamed);
    operations.push(renameTable(old, renamed));
  }
  const newNameOf = (name: string) => renames.tables?.[name] ?? name;
  const columnRenames = Object.entries(renames.columns ?? {})
    .map(([table, columns]) => [newNameOf(table), columns] as const)
    .sort(([a], [b]) => byCodePoint(a, b));
  for (const [table, columns] of columnRenames) {
    const before = schema.tables.find((t) => t.name === table);
    const after = to.tables.find((t) => t.name === table);
    if (!before || !after) {
      throw new UsageError(`Cannot rename columns of table "${table}": it is not in both the database and the entities.`);
    }
    for (const [old, renamed] of Object.entries(columns).sort(([a], [b]) => byCodePoint(a, b))) {
      checkColumnRename(before, after, old, renamed);
      schema = withColumnRenamed(schema, table, old, renamed);
      operations.push(renameColumn(table, old, renamed));
    }
  }
  return { schema, operations };
}
