import type { StrataConfig } from "../config/types";
import { describeDatabase } from "../config/redact";
import { appliedIds } from "../runtime/applied";
import { countRows } from "../runtime/count-rows";
import { type Session, withSession } from "../runtime/session";
import { schemaFromMetadata } from "../schema/from-metadata";
import { unmanagedObjects } from "../schema/unmanaged-objects";
import { tableMatcher } from "../autogenerate/table-glob";
import type { TableModel } from "../schema/model";
import { copyOrder, type TableCopy } from "./copy-order";
import { type CopyContext, copyTable, linkTable, type PortSide } from "./copy-rows";
import { portConnection } from "./port-connection";
import { PortRefusedError } from "./port-errors";
import { PortProgress } from "./port-progress";

/** What the port tells its caller as it goes (the CLI draws a bar or prints lines). */
export type PortEvent =
  | { readonly type: "resume" }
  | { readonly type: "table"; readonly table: string; readonly step: "copy" | "link"; readonly copied: number; readonly total: number }
  | { readonly type: "rows"; readonly table: string; readonly step: "copy" | "link"; readonly copied: number; readonly total: number }
  | { readonly type: "table-done"; readonly table: string; readonly step: "copy" | "link"; readonly copied: number; readonly seconds: number };

export interface PortOptions {
  readonly from: string;
  readonly to: string;
  /** Rows per batch, each batch one target transaction (default 1000). */
  readonly batchSize?: number;
  /** Aborting it (Ctrl-C) stops after the batch in flight; a re-run resumes. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: PortEvent) => void;
}

export interface PortedTable {
  readonly table: string;
  readonly source: number;
  readonly target: number;
}

export interface PortOutcome {
  readonly from: string;
  readonly to: string;
  /** Row counts per managed table after the copy, on both sides. */
  readonly tables: readonly PortedTable[];
  /** Tables of the source strata does not manage: not copied. */
  readonly skipped: readonly string[];
  /** Rows copied by this run (a resumed run counts only its own). */
  readonly rowsCopied: number;
  readonly seconds: number;
  /** False when a count differs: the CLI exits 1. */
  readonly equal: boolean;
  readonly resumed: boolean;
}

const side = (session: Session): PortSide => ({
  dataSource: session.dataSource,
  queryRunner: session.queryRunner,
  dialect: session.dialect,
  port: session.dialect.port,
});

const count = (session: Session, table: string) => countRows(session.queryRunner, table);

/** The applied heads, a snapshot named by the revision it squashed: a database built from it equals one at that revision. */
function headsOf(session: Session): string[] {
  return session.graph
    .appliedHeads(appliedIds(session))
    .map((r) => r.replaces.at(-1) ?? r.id)
    .sort();
}

/** The target must be at the source's heads, and empty, or (resuming) hold exactly what the recorded progress says. */
async function assertReady(source: Session, target: Session, tables: readonly TableModel[], progress: PortProgress, resuming: boolean): Promise<void> {
  const [from, to] = [headsOf(source), headsOf(target)];
  if (from.length === 0) throw new PortRefusedError(`The source ${describeDatabase(source.config.dataSource)} has no revision applied: there is nothing strata manages to copy.`);
  if (from.join() !== to.join()) {
    throw new PortRefusedError(
      `The target is at ${to.join(", ") || "no revision"} but the source is at ${from.join(", ")}: nothing was written.\n` +
        `Bring both to the same heads first (\`strata upgrade heads\` on each, with DATABASE_URL pointing at it).`,
    );
  }
  const unexpected: string[] = [];
  for (const table of tables) {
    const expected = progress.get(`copy:${table.name}`).copied;
    const actual = await count(target, table.name);
    if (actual !== expected) unexpected.push(`${table.name} (${actual} row(s)${resuming ? `, ${expected} recorded` : ""})`);
  }
  if (unexpected.length > 0) {
    throw new PortRefusedError(
      resuming
        ? `The target changed since the interrupted port recorded its progress: ${unexpected.join(", ")}. Nothing was written.\n` +
            `Start over on an empty target (drop it, create it, \`strata upgrade heads\`), then port again.`
        : `The target is not empty: ${unexpected.join(", ")}. Nothing was written.\nPort into a database built with \`strata upgrade heads\` and nothing else.`,
    );
  }
}

/**
 * `strata port --from URL --to URL` (SPEC §13): copies every managed table's rows from
 * one database to another at the same heads, parents before children, a batch per
 * target transaction, each value converted by the shared metadata. Resumable: progress
 * is recorded on the target with the rows. Compares row counts per table at the end.
 */
export async function port(config: StrataConfig, options: PortOptions): Promise<PortOutcome> {
  const started = Date.now();
  const fromConfig = portConnection(config, options.from, "--from");
  const toConfig = portConnection(config, options.to, "--to");
  const emit = options.onProgress ?? (() => {});
  return withSession(fromConfig, {}, (source) =>
    withSession(toConfig, { write: true }, async (target) => {
      const ignored = tableMatcher(config.ignoreTables);
      const tables = schemaFromMetadata(source.dataSource).tables.filter((t) => !ignored(t.name));
      const progress = new PortProgress(`${config.versionTable}_port`, target.dialect);
      const managed = new Set([...tables.map((t) => t.name), config.versionTable, progress.name]);
      const handMade = unmanagedObjects(source.dataSource).tables;
      const skipped = (await source.dialect.listTables(source.queryRunner)).filter((t) => !managed.has(t) || handMade.has(t));
      const order = copyOrder(tables);

      const resumed = await progress.load(target.queryRunner);
      await assertReady(source, target, tables, progress, resumed);
      if (resumed) emit({ type: "resume" });
      else await progress.create(target.queryRunner);

      const context: Omit<CopyContext, "onBatch"> = {
        source: side(source),
        target: side(target),
        progress,
        batchSize: options.batchSize ?? 1000,
        maxParameters: await target.dialect.port.maxParameters(target.queryRunner),
        signal: options.signal,
      };
      let rowsCopied = 0;
      const run = async (copy: TableCopy, step: "copy" | "link") => {
        const name = copy.table.name;
        const before = progress.get(`${step}:${name}`);
        if (before.done) return;
        const total = await count(source, name);
        const stepStarted = Date.now();
        emit({ type: "table", table: name, step, copied: before.copied, total });
        const onBatch = (copied: number) => emit({ type: "rows", table: name, step, copied, total });
        const copied = await (step === "copy" ? copyTable : linkTable)({ ...context, onBatch }, copy);
        rowsCopied += step === "copy" ? copied - before.copied : 0;
        emit({ type: "table-done", table: name, step, copied, seconds: (Date.now() - stepStarted) / 1000 });
      };
      for (const copy of order) await run(copy, "copy");
      for (const copy of order.filter((c) => c.deferred.length > 0)) await run(copy, "link");
      for (const table of tables) {
        for (const column of table.columns) {
          if (column.generated === "increment" || column.generated === "identity") {
            await context.target.port.resetSequence(target.queryRunner, table.name, column.name);
          }
        }
      }

      const counted: PortedTable[] = [];
      for (const table of tables) counted.push({ table: table.name, source: await count(source, table.name), target: await count(target, table.name) });
      const equal = counted.every((c) => c.source === c.target);
      if (equal) await progress.drop(target.queryRunner);
      return {
        from: describeDatabase(fromConfig.dataSource),
        to: describeDatabase(toConfig.dataSource),
        tables: counted,
        skipped,
        rowsCopied,
        seconds: (Date.now() - started) / 1000,
        equal,
        resumed,
      };
    }),
  );
}
