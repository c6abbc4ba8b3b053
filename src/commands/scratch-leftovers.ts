import type { DataSource, DataSourceOptions } from "typeorm";
import { dialectFor } from "../dialect/dialect-for";
import { typeorm } from "../loading/typeorm-module";
import { countRows } from "../runtime/count-rows";

/**
 * What a replayed history leaves on a scratch database that a schema snapshot (squash)
 * does not rebuild: rows in its tables, and objects the schema model does not hold.
 */

/** A table and how many rows it holds. */
export interface SeededTable {
  readonly table: string;
  readonly rows: number;
}

/** The tables among `tables` that hold rows on the database `options` connects to. */
export function seededTables(options: DataSourceOptions, tables: readonly string[]): Promise<SeededTable[]> {
  if (tables.length === 0) return Promise.resolve([]);
  return connected(options, async (dataSource) => {
    const seeded: SeededTable[] = [];
    for (const table of tables) {
      const rows = await countRows(dataSource, table);
      if (rows > 0) seeded.push({ table, rows });
    }
    return seeded;
  });
}

/** The views, triggers, functions … ("kind name") of the database `options` connects to (Dialect.listUnmodelledObjects). */
export function unmodelledObjects(options: DataSourceOptions): Promise<string[]> {
  return connected(options, async (dataSource) => {
    const queryRunner = dataSource.createQueryRunner();
    try {
      return await dialectFor(dataSource).listUnmodelledObjects(queryRunner);
    } finally {
      await queryRunner.release();
    }
  });
}

async function connected<T>(options: DataSourceOptions, look: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new (typeorm().DataSource)({ ...options, entities: [], migrations: [], subscribers: [], synchronize: false, logging: false } as DataSourceOptions);
  await dataSource.initialize();
  try {
    return await look(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
