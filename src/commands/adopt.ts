import { unlinkSync } from "node:fs";
import { compareDatabase } from "../autogenerate/compare-database";
import { describeOperation } from "../autogenerate/describe-operation";
import { generated, type GeneratedRevision, type PlannedRevision, planRevisions } from "../autogenerate/plan-revisions";
import { routeOperations } from "../autogenerate/route-operations";
import { dropAfter, openScratch } from "../autogenerate/scratch-replay";
import { writeProven } from "../autogenerate/write-proven";
import type { StrataConfig } from "../config/types";
import { diffSchemas } from "../diff";
import { StrataError } from "../errors";
import { revisionChecksum } from "../graph/revision-facts";
import { type Session, withSession } from "../runtime/session";

export interface AdoptOptions {
  readonly message: string;
  /** Aborting it (Ctrl-C) stops the run before anything is written or stamped. */
  readonly signal?: AbortSignal;
}

export interface AdoptOutcome {
  /** The baselines written and stamped, one per branch with tables. */
  readonly revisions: readonly GeneratedRevision[];
  /** Tables strata does not manage (TypeORM's `migrations`, ignored tables): left alone. */
  readonly leftAlone: readonly string[];
}

/** The live database differs from the entities: adopting it would record a lie. */
export class AdoptDiffersError extends StrataError {
  constructor(readonly differences: readonly string[]) {
    super(
      `The database does not match the entities, so nothing was written or stamped:\n  ${differences.join("\n  ")}\n` +
        `Bring the database in line with the entities (or the entities with the database), then adopt again.`,
    );
  }
}

/**
 * `strata adopt -m MSG` (SPEC §10): takes over a database TypeORM built. Writes the
 * baseline revision of each branch exactly as autogenerate would against an empty
 * database, after checking that the live database equals the entities and that the
 * baselines, replayed on a scratch database, build that same schema; then stamps them.
 */
export function adopt(config: StrataConfig, options: AdoptOptions): Promise<AdoptOutcome> {
  return withSession(config, { write: true }, (session) => adoptInSession(session, options));
}

async function adoptInSession(session: Session, options: AdoptOptions): Promise<AdoptOutcome> {
  const { config } = session;
  if (session.graph.all().length > 0) {
    throw new StrataError(
      `This project already has revisions (${session.graph.heads().map((h) => h.id).join(", ")}): adopt writes the first ones.\n` +
        `If the database matches one of them, record it with \`strata stamp <revision>\`.`,
    );
  }
  if (session.rows.length > 0) {
    throw new StrataError(`strata already manages this database (${config.versionTable} has ${session.rows.length} row(s)): run \`strata check\`.`);
  }
  const comparison = await compareDatabase(session);
  if (comparison.operations.length > 0) throw new AdoptDiffersError(comparison.operations.map(describeOperation));

  const baseline = diffSchemas({ tables: [], enums: [] }, comparison.target);
  const ownership = await session.entities();
  const ownerOf = (table: string) => ownership.get(table) ?? config.appBranch;
  const changes = routeOperations(baseline, { ownerOf }, [comparison.target], config.appBranch);
  const planned = planRevisions(config, session.graph, changes, options.message, ownerOf);
  const scratch = await openScratch(session, options.signal);
  const files = await dropAfter(scratch, () =>
    writeProven(session, scratch, planned, {
      signal: options.signal,
      // A fresh database built from the baselines must equal the adopted one.
      check: (replayed) => {
        const differences = diffSchemas(comparison.database, replayed.model);
        if (differences.length > 0) throw new AdoptDiffersError(differences.map((op) => `baseline: ${describeOperation(op)}`));
      },
    }),
  );
  try {
    await stampBaselines(session, planned);
  } catch (error) {
    for (const file of files) unlinkSync(file);
    throw error;
  }
  return { revisions: planned.map(generated), leftAlone: comparison.leftAlone };
}

/** Records each baseline as applied, with the tables it creates (so that a later drop is routed to its branch). */
async function stampBaselines(session: Session, planned: readonly PlannedRevision[]): Promise<void> {
  const { queryRunner, dialect, versionTable } = session;
  await versionTable.ensure(queryRunner);
  await dialect.begin(queryRunner, session.lock);
  try {
    for (const p of planned) {
      const tablesAdded = p.operations.flatMap((op) => (op.kind === "createTable" ? [op.table.name] : []));
      await versionTable.insert(queryRunner, { revision: p.revision, branch: p.branch, checksum: revisionChecksum(p.file, p.text), state: "applied", tablesAdded });
    }
    await dialect.commit(queryRunner);
  } catch (error) {
    await dialect.rollback(queryRunner).catch(() => {});
    throw error;
  }
}
