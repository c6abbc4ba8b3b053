import { randomBytes } from "node:crypto";
import type { DataSourceOptions, QueryRunner } from "typeorm";
import { typeorm } from "../loading/typeorm-module";
import type { StrataConfig } from "../config/types";
import { sleep } from "../dialect/sleep";
import { StrataError } from "../errors";
import type { RevisionGraph } from "../graph/revision-graph";
import type { Operation } from "../operations";
import { createScratch, type PreparedScratch } from "../runtime/prepared-scratch";
import { type Session, withSession } from "../runtime/session";
import { upgrade } from "../runtime/upgrade";
import type { SchemaModel } from "../schema/model";
import { compareDatabase } from "./compare-database";
import { InterruptedError, untilAborted } from "./interrupted";
import { replayCache } from "./replay-cache";

/** What a replay leaves on the scratch database. */
export interface Replayed {
  /** The tables the revisions created there, as autogenerate sees them. */
  readonly model: SchemaModel;
  /** What autogenerate would still do there: nothing, when the revisions are right. */
  readonly operations: readonly Operation[];
}

/** An empty database of the live one's dialect that revisions are replayed on, step by step. */
export interface ScratchReplay {
  /** The scratch database's name (a file path on SQLite), for progress lines. */
  readonly name: string;
  /** How to connect to it (squash counts the rows a replay left). */
  readonly options: DataSourceOptions;
  /** Upgrades the scratch database to `graph`'s heads (from where the last replay left it); a graph still being made: connects meanwhile. */
  replay(graph: RevisionGraph | Promise<RevisionGraph>): Promise<Replayed>;
  /** Drops the scratch database, even while a replay is still running on it. */
  drop(): Promise<void>;
}

const STEP = "the scratch step";

/** Any failure of the scratch step says it is one, naming the scratch database. */
function scratchFailure(error: unknown, where: string): unknown {
  if (error instanceof InterruptedError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StrataError(
    `The scratch step failed (autogenerate replays the revisions on ${where} to prove the new files; nothing was written): ${reason}` +
      (/permission denied|must be owner|insufficient/i.test(reason)
        ? `\nGive the role CREATEDB or CREATE on its database, or set scratchUrl in the config to a database strata may use.`
        : ""),
    { cause: error },
  );
}

/** The connection the scratch database is created through: the live one, or scratchUrl's. */
async function scratchHost(live: Session): Promise<{ queryRunner: QueryRunner; options: DataSourceOptions; close(): Promise<void> }> {
  const { scratchUrl } = live.config;
  const options = live.dataSource.options;
  if (scratchUrl === undefined) return { queryRunner: live.queryRunner, options, close: async () => {} };
  const hostOptions = { ...options, url: scratchUrl, entities: [], database: undefined } as DataSourceOptions;
  const host = new (typeorm().DataSource)(hostOptions);
  await host.initialize();
  const queryRunner = host.createQueryRunner();
  await queryRunner.connect();
  return {
    queryRunner,
    options: { ...options, url: scratchUrl, database: undefined } as DataSourceOptions,
    close: async () => {
      await queryRunner.release().catch(() => {});
      await host.destroy().catch(() => {});
    },
  };
}

/**
 * Creates the scratch database (through `live`'s connection, or scratchUrl's). Every
 * step waits for `signal`: when it aborts the step stops at once with an
 * InterruptedError, and the caller's `drop` removes the database under the replay.
 */
export async function openScratch(live: Session, signal?: AbortSignal): Promise<ScratchReplay> {
  let host: Awaited<ReturnType<typeof scratchHost>>;
  let created: PreparedScratch;
  // A version table (and so a run lock) of its own: the scratch may share the live database's server or database.
  const versionTable = `strata_scratch_${randomBytes(6).toString("hex")}`;
  const configOn = (options: DataSourceOptions): StrataConfig => ({ ...live.config, dataSource: options, versionTable });
  try {
    host = await scratchHost(live);
    created = await createScratch(live.dialect, host.options, host.queryRunner, configOn);
  } catch (error) {
    throw scratchFailure(error, "a scratch database");
  }
  const { scratch, config } = created;
  let { prepared } = created;
  let closed = false;
  return {
    name: scratch.name,
    options: scratch.options,
    async replay(graph) {
      const first = prepared;
      prepared = undefined;
      const work = withSession(config, { write: true, graph, prepared: first }, async (session) => {
        await upgrade(session, "heads");
        const rows = await session.versionTable.read(session.queryRunner);
        const comparison = await compareDatabase({ ...session, rows });
        return { model: comparison.database, operations: comparison.operations };
      });
      try {
        const replayed = await untilAborted(signal, STEP, work);
        // Only a cache: failing to remember the replay never fails it.
        await replayCache(live, await graph).then((cache) => cache.write(replayed.model), () => {});
        return replayed;
      } catch (error) {
        if (error instanceof InterruptedError) {
          // Dropping ends the replay's connections (PostgreSQL) or its file (SQLite); once
          // it has stopped, what it made meanwhile (a file it was opening) goes in the final drop.
          await scratch.drop().catch(() => {});
          await Promise.race([work.catch(() => {}), sleep(5_000)]);
        }
        throw scratchFailure(error, scratch.name);
      }
    },
    async drop() {
      try {
        await scratch.drop();
      } finally {
        if (!closed) await host.close();
        closed = true;
      }
    },
  };
}

/**
 * The revisions of `live`'s graph that its database applied: what built the managed part
 * of its schema. The whole graph at the heads; less below them (after a downgrade, an
 * index a later revision drops is still the revisions', not unmanaged).
 */
function appliedGraph(live: Session): RevisionGraph {
  const applied = live.rows.filter((row) => row.state === "applied" && live.graph.has(row.revision)).map((row) => row.revision);
  return applied.length === live.graph.all().length ? live.graph : live.graph.subgraph(live.graph.ancestors(applied));
}

/**
 * The schema the applied revisions of `live`'s graph build, when it is known without
 * replaying them: none for no revisions, else remembered from an earlier replay of the
 * same revisions for the same entities (the replay is most of `check`'s time).
 */
export async function rememberedSchema(live: Session): Promise<SchemaModel | undefined> {
  const graph = appliedGraph(live);
  if (graph.all().length === 0) return { tables: [], enums: [] };
  return (await replayCache(live, graph)).read();
}

/** The schema the applied revisions of `live`'s graph build (what strata manages): remembered, or replayed on a scratch database now. */
export async function replayedSchema(live: Session): Promise<SchemaModel> {
  const remembered = await rememberedSchema(live);
  if (remembered) return remembered;
  const scratch = await openScratch(live);
  return (await dropAfter(scratch, () => scratch.replay(appliedGraph(live)))).model;
}

/** Runs `work`, then drops the scratch database; a failed drop is reported unless `work` failed first. */
export async function dropAfter<T>(scratch: Pick<ScratchReplay, "drop">, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await scratch.drop().catch(() => {});
    throw error;
  }
  await scratch.drop();
  return result;
}
