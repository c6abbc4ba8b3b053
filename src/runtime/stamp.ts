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
  await versionTable.ensure(queryRunner);
  await dialect.begin(queryRunner, session.lock);
  try {
    for (const id of [...plan.remove, ...(options.purge ? failed : [])]) await versionTable.delete(queryRunner, id);
    for (const id of plan.add) {
      const r = graph.resolve(id);
      await versionTable.insert(queryRunner, { revision: r.id, branch: r.directoryBranch, checksum: r.checksum, state: "applied", tablesAdded: [] });
    }
    await dialect.commit(queryRunner);
  } catch (error) {
    await dialect.rollback(queryRunner).catch(() => {});
    throw error;
  }
  return { added: plan.add, removed: plan.remove };
}
