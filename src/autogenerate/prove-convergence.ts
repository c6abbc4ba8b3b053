import type { StrataConfig } from "../config/types";
import { withSession } from "../runtime/session";
import { upgrade } from "../runtime/upgrade";
import { compareDatabase } from "./compare-database";
import { describeOperation } from "./describe-operation";

/**
 * Replays every branch's revisions on an empty scratch database of the same dialect and
 * diffs again: what autogenerate writes must settle to nothing, or it would show up as
 * a recurring diff. Returns the operations that remain (empty when it converges).
 */
export async function proveConvergence(config: StrataConfig): Promise<string[]> {
  return withSession(config, {}, async (live) => {
    const scratch = await live.dialect.createScratchDatabase(live.dataSource.options, live.queryRunner);
    try {
      const scratchConfig: StrataConfig = { ...config, dataSource: scratch.options };
      await withSession(scratchConfig, { write: true }, (session) => upgrade(session, "heads"));
      return await withSession(scratchConfig, {}, async (session) =>
        (await compareDatabase(session)).operations.map(describeOperation),
      );
    } finally {
      await scratch.drop();
    }
  });
}
