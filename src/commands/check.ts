import { compareDatabase } from "../autogenerate/compare-database";
import { describeOperation } from "../autogenerate/describe-operation";
import { routeOperations } from "../autogenerate/route-operations";
import { replayedSchema } from "../autogenerate/scratch-replay";
import { resolveSetForApi, selectDatabases, singleDatabase } from "../config/resolve-config-set";
import type { StrataConfig, StrataConfigInput, StrataFleetInput } from "../config/types";
import type { Phase } from "../graph/revision";
import { appliedIds } from "../runtime/applied";
import { withSession } from "../runtime/session";

export interface CheckOutcome {
  /** True when the database is at every head and autogenerate would write nothing. */
  readonly clean: boolean;
  /** Heads (as `L@head` ids) the database has not reached. */
  readonly pending: readonly string[];
  /** The same revisions with their phase: a post revision is expected to wait until after a roll-out. */
  readonly pendingPhases: Readonly<Record<string, Phase>>;
  /** What autogenerate would do, per branch. */
  readonly differences: readonly { readonly branch: string; readonly operations: readonly string[] }[];
  /** Indexes and constraints on managed tables that no revision created: left alone, not a difference. */
  readonly unmanaged: readonly string[];
}

/**
 * `strata check`: the deploy and CI gate (SPEC §4). `rootDir` as for migrate(). When the
 * database holds an index or constraint the entities do not name, the revisions are
 * replayed on a scratch database, as autogenerate does (or their last replay is
 * remembered), so that what no revision created (a DBA's index) is listed as unmanaged
 * rather than as drift; a database that is what the entities describe needs no replay.
 */
export async function check(
  input: StrataConfigInput | StrataFleetInput | StrataConfig,
  options: { readonly rootDir?: string; /** The `databases` form: which one (required when it has several). */ readonly database?: string } = {},
): Promise<CheckOutcome> {
  const config = singleDatabase(selectDatabases(resolveSetForApi(input, options.rootDir), options.database), "check()");
  // The entities' metadata is built after connecting, while the server reads its catalog.
  return await withSession(config, { entities: "before-revisions" }, async (session) => {
    const introspection = await session.dialect.introspectAhead(session.queryRunner);
    // A refused entity still lets the reads finish before the session's connection goes back.
    const ownership = await session.entities().catch(async (error: unknown) => {
      await introspection().catch(() => {});
      throw error;
    });
    const applied = appliedIds(session);
    const unapplied = session.graph.all().filter((r) => !applied.has(r.id));
    const pending = unapplied.map((r) => r.id);
    const pendingPhases = Object.fromEntries(unapplied.map((r) => [r.id, r.phase]));
    const comparison = await compareDatabase(session, { replayed: () => replayedSchema(session), introspection });
    const ownerOf = (table: string) => ownership.get(table) ?? comparison.creators.get(table) ?? config.appBranch;
    const differences = routeOperations(comparison.operations, { ownerOf }, [comparison.target, comparison.database], config.appBranch).map(
      (c) => ({ branch: c.branch, operations: c.operations.map(describeOperation) }),
    );
    return { clean: pending.length === 0 && differences.length === 0, pending, pendingPhases, differences, unmanaged: comparison.unmanaged };
  });
}
