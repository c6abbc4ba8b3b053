import type { DataSource, QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";
import type { Dialect } from "../dialect/dialect";
import { columnConverter, type Converter, isBigInteger } from "./column-converters";
import type { TableCopy } from "./copy-order";
import type { DialectPort } from "../dialect/dialect-port";
import { PortInterruptedError, PortRowError } from "./port-errors";
import type { PortProgress, StepProgress } from "./port-progress";

/** One side of the port: its connection, metadata and dialects. */
export interface PortSide {
  readonly dataSource: DataSource;
  readonly queryRunner: QueryRunner;
  readonly dialect: Dialect;
  readonly port: DialectPort;
}

export interface CopyContext {
  readonly source: PortSide;
  readonly target: PortSide;
  readonly progress: PortProgress;
  /** Rows read per batch (one target transaction each). */
  readonly batchSize: number;
  /** Parameters one target statement may bind. */
  readonly maxParameters: number;
  readonly signal?: AbortSignal;
  /** Heard after every committed batch with the step's rows so far. */
  readonly onBatch: (copied: number) => void;
}

const q = quoteIdentifier;

/**
 * `("t"."a", "t"."b") > (?, ?)` on both dialects (row values), or `"t"."a" > ?` for a
 * one-column key. Qualified, because SQLite resolves a bare name to the select list's
 * alias first, and a 64-bit key is selected as text under its own name.
 */
function after(columns: readonly string[], param: (n: number) => string): string {
  if (columns.length === 1) return `${columns[0]} > ${param(1)}`;
  return `(${columns.join(", ")}) > (${columns.map((_, i) => param(i + 1)).join(", ")})`;
}

/**
 * Reads `columns` of `table` from the source in primary-key order after `progress.lastKey`,
 * a batch at a time (keyset pagination: no OFFSET, so every batch costs the same), and
 * hands each batch to `write` inside one target transaction that also records the new
 * progress under `step`. Returns the step's total.
 */
async function eachBatch(
  context: CopyContext,
  step: string,
  table: string,
  key: readonly string[],
  columns: readonly string[],
  filter: string | undefined,
  write: (rows: readonly unknown[][]) => Promise<void>,
): Promise<number> {
  const { source, target, progress } = context;
  const sourceColumn = (c: string) => (isBigInteger(source.dataSource, table, c) ? `${source.port.exactBigInteger(q(c))} AS ${q(c)}` : q(c));
  const selected = [...key, ...columns];
  const keyColumns = key.map((k) => `${q(table)}.${q(k)}`);
  let state: StepProgress = progress.get(step);
  while (!state.done) {
    if (context.signal?.aborted) throw new PortInterruptedError(table);
    const conditions = [state.lastKey ? after(keyColumns, source.dialect.param) : undefined, filter].filter(Boolean);
    const rows: Record<string, unknown>[] = await source.queryRunner.query(
      `SELECT ${selected.map(sourceColumn).join(", ")} FROM ${q(table)}` +
        (conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "") +
        ` ORDER BY ${keyColumns.join(", ")} LIMIT ${context.batchSize}`,
      state.lastKey ? [...state.lastKey] : [],
    );
    const last = rows[rows.length - 1];
    const next: StepProgress = {
      lastKey: last ? key.map((k) => last[k]) : state.lastKey,
      copied: state.copied + rows.length,
      done: rows.length < context.batchSize,
    };
    const values = rows.map((r) => selected.map((c) => r[c]));
    await target.queryRunner.startTransaction();
    try {
      if (rows.length > 0) await write(values);
      await progress.save(target.queryRunner, step, next);
      await target.queryRunner.commitTransaction();
    } catch (error) {
      await target.queryRunner.rollbackTransaction().catch(() => {});
      const refused = await firstRefused(target.queryRunner, values, write);
      throw refused ? new PortRowError(table, key, refused.row, refused.error) : error;
    }
    state = next;
    context.onBatch(state.copied);
  }
  return state.copied;
}

/**
 * The first of `rows` the target refuses on its own, and why: each is written under a
 * savepoint of a transaction rolled back at the end, so nothing stays. Undefined when each
 * goes in alone (the batch failed for another reason).
 */
async function firstRefused(
  queryRunner: QueryRunner,
  rows: readonly unknown[][],
  write: (rows: readonly unknown[][]) => Promise<void>,
): Promise<{ row: readonly unknown[]; error: unknown } | undefined> {
  try {
    await queryRunner.startTransaction();
  } catch {
    return undefined;
  }
  try {
    for (const row of rows) {
      await queryRunner.query("SAVEPOINT strata_port_row");
      try {
        await write([row]);
      } catch (error) {
        return { row, error };
      }
      await queryRunner.query("RELEASE SAVEPOINT strata_port_row");
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    await queryRunner.rollbackTransaction().catch(() => {});
  }
}

/** Copies every row of one table; the columns of its deferred foreign keys go in as NULL. */
export async function copyTable(context: CopyContext, copy: TableCopy): Promise<number> {
  const { table } = copy;
  const key = table.primaryKey;
  const columns = table.columns.map((c) => c.name).filter((c) => !key.includes(c));
  const nulled = new Set(copy.deferred.flatMap((fk) => fk.columns));
  const order = [...key, ...columns];
  const converters: Converter[] = order.map((c) =>
    nulled.has(c) ? () => null : columnConverter(context.source.dataSource, context.target.dataSource, table.name, c),
  );
  const perStatement = Math.max(1, Math.min(context.batchSize, Math.floor(context.maxParameters / order.length)));
  const param = context.target.dialect.param;
  const insertInto = `INSERT INTO ${q(table.name)} (${order.map(q).join(", ")}) VALUES `;
  return eachBatch(context, `copy:${table.name}`, table.name, key, columns, undefined, async (rows) => {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: unknown[] = [];
      const tuples = chunk.map((row) => {
        const base = values.length;
        row.forEach((raw, i) => values.push(converters[i]!(raw)));
        return `(${row.map((_, i) => param(base + i + 1)).join(", ")})`;
      });
      await context.target.queryRunner.query(insertInto + tuples.join(", "), values);
    }
  });
}

/** Sets the deferred foreign-key columns of one table, now that every row they may point at is in. */
export async function linkTable(context: CopyContext, copy: TableCopy): Promise<number> {
  const { table } = copy;
  const key = table.primaryKey;
  const columns = [...new Set(copy.deferred.flatMap((fk) => fk.columns))];
  const order = [...key, ...columns];
  const converters = order.map((c) => columnConverter(context.source.dataSource, context.target.dataSource, table.name, c));
  const param = context.target.dialect.param;
  const set = columns.map((c, i) => `${q(c)} = ${param(i + 1)}`).join(", ");
  const where = key.map((k, i) => `${q(k)} = ${param(columns.length + i + 1)}`).join(" AND ");
  const update = `UPDATE ${q(table.name)} SET ${set} WHERE ${where}`;
  const anySet = columns.map((c) => `${q(c)} IS NOT NULL`).join(" OR ");
  return eachBatch(context, `link:${table.name}`, table.name, key, columns, `(${anySet})`, async (rows) => {
    for (const row of rows) {
      const values = row.map((raw, i) => converters[i]!(raw));
      await context.target.queryRunner.query(update, [...values.slice(key.length), ...values.slice(0, key.length)]);
    }
  });
}
