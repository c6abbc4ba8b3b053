import { columnChanges, dispatch, type Operation, type OperationHandlers } from "../../src/operations";
import type { ColumnModel, SchemaModel, TableModel } from "../../src/schema/model";

/**
 * Applies operations to a model the way a database would, refusing what a database
 * refuses: a foreign key to a missing table or column, dropping a table something
 * references, dropping a column an index or key uses, an enum type still in use, an
 * alter whose `from` is not what is there. Tests use it to prove an operation list runs
 * forwards and, inverted, backwards.
 */
export function simulate(start: SchemaModel, ops: readonly Operation[]): SchemaModel {
  const tables = new Map(start.tables.map((t) => [t.name, t]));
  const enums = new Map(start.enums.map((e) => [e.name, e.values]));
  const views = new Map((start.views ?? []).map((v) => [v.name, v]));
  const fail = (op: Operation, why: string): never => {
    throw new Error(`${op.kind} ${JSON.stringify(op).slice(0, 160)}: ${why}`);
  };
  const get = (op: Operation, name: string) => tables.get(name) ?? fail(op, `no table ${name}`);
  const set = (t: TableModel) => tables.set(t.name, t);
  const hasColumns = (t: TableModel, columns: readonly string[]) => columns.every((c) => t.columns.some((col) => col.name === c));
  const sameColumn = (a: ColumnModel, b: ColumnModel) => columnChanges(a, b).length === 0;
  const checkEnum = (op: Operation, c: ColumnModel) => {
    if (c.enumName !== undefined && start.enums.length + enums.size > 0 && !enums.has(c.enumName)) fail(op, `no enum ${c.enumName}`);
  };
  const referencedBy = (name: string, column?: string) =>
    [...tables.values()].some((t) =>
      t.foreignKeys.some((fk) => fk.referencedTable === name && t.name !== name && (column === undefined || fk.referencedColumns.includes(column))),
    );
  const checkForeignKeys = (op: Operation, t: TableModel, fks = t.foreignKeys) => {
    for (const fk of fks) {
      const target = fk.referencedTable === t.name ? t : get(op, fk.referencedTable);
      if (!hasColumns(target, fk.referencedColumns) || !hasColumns(t, fk.columns)) fail(op, `foreign key ${fk.name} names missing columns`);
    }
  };

  const APPLY: OperationHandlers<void> = {
    createTable: (op) => {
      if (tables.has(op.table.name)) fail(op, "exists");
      op.table.columns.forEach((c) => checkEnum(op, c));
      checkForeignKeys(op, op.table);
      set(op.table);
    },
    dropTable: (op) => {
      get(op, op.table.name);
      if (referencedBy(op.table.name)) fail(op, "still referenced by a foreign key");
      tables.delete(op.table.name);
    },
    renameTable: (op) => {
      const t = get(op, op.from);
      if (tables.has(op.to)) fail(op, "target exists");
      tables.delete(op.from);
      set({ ...t, name: op.to });
      for (const other of [...tables.values()]) {
        set({ ...other, foreignKeys: other.foreignKeys.map((fk) => (fk.referencedTable === op.from ? { ...fk, referencedTable: op.to } : fk)) });
      }
    },
    alterPrimaryKey: (op) => {
      const t = get(op, op.table);
      if (JSON.stringify(t.primaryKey) !== JSON.stringify(op.from)) fail(op, `key is ${t.primaryKey}`);
      if (!hasColumns(t, op.to)) fail(op, "missing key column");
      set({ ...t, primaryKey: op.to });
    },
    addColumn: (op) => {
      const t = get(op, op.table);
      if (hasColumns(t, [op.column.name])) fail(op, "exists");
      checkEnum(op, op.column);
      set({ ...t, columns: [...t.columns, op.column] });
    },
    dropColumn: (op) => {
      const t = get(op, op.table);
      const c = t.columns.find((col) => col.name === op.column.name) ?? fail(op, "missing");
      if (!sameColumn(c, op.column)) fail(op, "column differs from the one to drop");
      const name = c.name;
      const used =
        t.primaryKey.includes(name) ||
        t.indexes.some((i) => i.columns.includes(name)) ||
        t.uniques.some((u) => u.columns.includes(name)) ||
        t.foreignKeys.some((fk) => fk.columns.includes(name)) ||
        referencedBy(t.name, name);
      if (used) fail(op, "column still used by a key or index");
      set({ ...t, columns: t.columns.filter((col) => col !== c) });
    },
    alterColumn: (op) => {
      const t = get(op, op.table);
      const c = t.columns.find((col) => col.name === op.from.name) ?? fail(op, "missing");
      if (!sameColumn(c, op.from)) fail(op, "from differs from what is there");
      checkEnum(op, op.to);
      // PostgreSQL's alterColumn gives the column's enum type the values it needs.
      if (op.to.enumName !== undefined && op.to.enumValues !== undefined && enums.has(op.to.enumName)) enums.set(op.to.enumName, op.to.enumValues);
      set({ ...t, columns: t.columns.map((col) => (col === c ? op.to : col)) });
    },
    renameColumn: (op) => {
      const t = get(op, op.table);
      if (!hasColumns(t, [op.from]) || hasColumns(t, [op.to])) fail(op, "bad rename");
      const r = (names: readonly string[]) => names.map((n) => (n === op.from ? op.to : n));
      set({
        ...t,
        columns: t.columns.map((c) => (c.name === op.from ? { ...c, name: op.to } : c)),
        primaryKey: r(t.primaryKey),
        indexes: t.indexes.map((i) => ({ ...i, columns: r(i.columns) })),
        uniques: t.uniques.map((u) => ({ ...u, columns: r(u.columns) })),
        foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, columns: r(fk.columns) })),
      });
      for (const other of [...tables.values()]) {
        set({
          ...other,
          foreignKeys: other.foreignKeys.map((fk) => (fk.referencedTable === op.table ? { ...fk, referencedColumns: r(fk.referencedColumns) } : fk)),
        });
      }
    },
    createIndex: (op) => {
      const t = get(op, op.table);
      if (t.indexes.some((i) => i.name === op.index.name) || !hasColumns(t, op.index.columns)) fail(op, "exists or bad columns");
      set({ ...t, indexes: [...t.indexes, op.index] });
    },
    dropIndex: (op) => {
      const t = get(op, op.table);
      if (!t.indexes.some((i) => i.name === op.index.name)) fail(op, "missing");
      set({ ...t, indexes: t.indexes.filter((i) => i.name !== op.index.name) });
    },
    renameIndex: (op) => {
      const t = get(op, op.table);
      if (!t.indexes.some((i) => i.name === op.from) || t.indexes.some((i) => i.name === op.to)) fail(op, "bad rename");
      set({ ...t, indexes: t.indexes.map((i) => (i.name === op.from ? { ...i, name: op.to } : i)) });
    },
    renameConstraint: (op) => {
      const t = get(op, op.table);
      const names = [...t.uniques, ...t.checks, ...t.foreignKeys].map((c) => c.name);
      if (!names.includes(op.from) || names.includes(op.to)) fail(op, "bad rename");
      const rename = <C extends { name: string }>(list: readonly C[]) => list.map((c) => (c.name === op.from ? { ...c, name: op.to } : c));
      set({ ...t, uniques: rename(t.uniques), checks: rename(t.checks), foreignKeys: rename(t.foreignKeys) });
    },
    addUnique: (op) => {
      const t = get(op, op.table);
      if (t.uniques.some((u) => u.name === op.unique.name) || !hasColumns(t, op.unique.columns)) fail(op, "exists or bad columns");
      set({ ...t, uniques: [...t.uniques, op.unique] });
    },
    dropUnique: (op) => {
      const t = get(op, op.table);
      if (!t.uniques.some((u) => u.name === op.unique.name)) fail(op, "missing");
      set({ ...t, uniques: t.uniques.filter((u) => u.name !== op.unique.name) });
    },
    addForeignKey: (op) => {
      const t = get(op, op.table);
      if (t.foreignKeys.some((fk) => fk.name === op.foreignKey.name)) fail(op, "exists");
      checkForeignKeys(op, t, [op.foreignKey]);
      set({ ...t, foreignKeys: [...t.foreignKeys, op.foreignKey] });
    },
    dropForeignKey: (op) => {
      const t = get(op, op.table);
      if (!t.foreignKeys.some((fk) => fk.name === op.foreignKey.name)) fail(op, "missing");
      set({ ...t, foreignKeys: t.foreignKeys.filter((fk) => fk.name !== op.foreignKey.name) });
    },
    addCheck: (op) => {
      const t = get(op, op.table);
      if (t.checks.some((c) => c.name === op.check.name)) fail(op, "exists");
      set({ ...t, checks: [...t.checks, op.check] });
    },
    dropCheck: (op) => {
      const t = get(op, op.table);
      if (!t.checks.some((c) => c.name === op.check.name)) fail(op, "missing");
      set({ ...t, checks: t.checks.filter((c) => c.name !== op.check.name) });
    },
    createEnum: (op) => {
      if (enums.has(op.enum.name)) fail(op, "exists");
      enums.set(op.enum.name, op.enum.values);
    },
    dropEnum: (op) => {
      if (!enums.has(op.enum.name)) fail(op, "missing");
      if ([...tables.values()].some((t) => t.columns.some((c) => c.enumName === op.enum.name))) fail(op, "still used");
      enums.delete(op.enum.name);
    },
    alterEnum: (op) => {
      // Like setEnumValues: a type a column's alterColumn already moved to `to` stays so.
      const now = JSON.stringify(enums.get(op.name));
      if (now !== JSON.stringify(op.from) && now !== JSON.stringify(op.to)) fail(op, "values differ");
      enums.set(op.name, op.to);
    },
    createView: (op) => {
      if (views.has(op.view.name) || tables.has(op.view.name)) fail(op, "exists");
      views.set(op.view.name, op.view);
    },
    dropView: (op) => {
      if (JSON.stringify(views.get(op.view.name)) !== JSON.stringify(op.view)) fail(op, "missing or different");
      views.delete(op.view.name);
    },
  };
  for (const op of ops) dispatch(APPLY, op);
  return {
    tables: [...tables.values()],
    enums: [...enums].map(([name, values]) => ({ name, values })),
    ...(start.views !== undefined || views.size > 0 ? { views: [...views.values()] } : {}),
  };
}

const byName = <T extends { readonly name: string }>(items: readonly T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));

/** A model in a canonical order, without the render-only `declared*` fields, for comparing. */
export function canonical(model: SchemaModel): SchemaModel {
  const strip = (c: ColumnModel): ColumnModel =>
    Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith("declared"))) as unknown as ColumnModel;
  return {
    enums: byName(model.enums),
    ...(model.views && model.views.length > 0 ? { views: byName(model.views) } : {}),
    tables: byName(model.tables).map((t) => ({
      ...t,
      columns: byName(t.columns.map(strip)),
      indexes: byName(t.indexes),
      uniques: byName(t.uniques),
      foreignKeys: byName(t.foreignKeys),
      checks: byName(t.checks),
    })),
  };
}
