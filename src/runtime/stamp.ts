import { UsageError } from "../errors";
import { appliedIds } from "./applied";
import type { Session } from "./session";

export interface StampOutcome {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Records `target` as applied (or not) without running anything: adopting a database. */
export async function stamp(session: Session, target: string, options: { purge?: boolean } = {}): Promise<StampOutcome> {
  const { queryRunner, dialect, versionTable, graph } = session;
  const plan = graph.stampPlan(appliedIds(session), target, { purge: options.purge ?? false });
  const failed = session.rows.filter((r) => r.state === "failed").map((r) => r.revision);
  if (plan.add.length === 0 && plan.remove.length === 0 && !(options.purge && failed.length > 0)) {
    // An empty version table would tell upgrade that strata manages the database: refused.
    if (session.rows.length === 0) {
      throw new UsageError(
        graph.all().length === 0
          ? `stamp ${target} would record nothing: there are no revisions yet. To take over a database TypeORM built, run \`strata adopt -m "baseline"\`.`
          : `stamp ${target} would record nothing: name a revision to record.`,
      );
    }
    return { added: [], removed: [] };
  }
  await versionTable.ensure(queryRunner);
  await dialect.begin(queryRunner, session.lock);
  try {
    for (const id of plan.remove) await versionTable.delete(queryRunner, id, graph.has(id) ? graph.get(id).replaces : []);
    for (const id of options.purge ? failed : []) await versionTable.delete(queryRunner, id);
    for (const id of plan.add) {
      const r = graph.resolve(id);
      await versionTable.insert(queryRunner, { revision: r.id, branch: r.directoryBranch, checksum: r.checksum, state: "applied", tablesAdded: [], phase: r.module.phase });
    }
    await dialect.commit(queryRunner);
  } catch (error) {
    await dialect.rollback(queryRunner).catch(() => {});
    throw error;
  }
  return { added: plan.add, removed: plan.remove };
}
