import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSourceOptions } from "typeorm";
import type { ScratchDatabase } from "../scratch-database";

/** A temporary file, not `:memory:`: the replay and the re-diff use two connections. */
export async function sqliteScratchDatabase(options: DataSourceOptions): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "strata-scratch-"));
  return {
    name: join(dir, "scratch.sqlite"),
    options: { ...options, database: join(dir, "scratch.sqlite") } as DataSourceOptions,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
