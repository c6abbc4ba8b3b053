import type { DataSourceOptions } from "typeorm";
import { typeorm } from "../loading/typeorm-module";
import { countRows } from "../runtime/count-rows";

/** A table and how many rows it holds. */
export interface SeededTable {
  readonly table: string;
  readonly rows: number;
}

/** The tables among `tables` that hold rows on the database `options` connects to. */
export async function seededTables(options: DataSourceOptions, tables: readonly string[]): Promise<SeededTable[]> {
  if (tables.length === 0) return [];
  const dataSource = new (typeorm().DataSource)({ ...options, entities: [], migrations: [], subscribers: [], synchronize: false, logging: false } as DataSourceOptions);
  await dataSource.initialize();
  try {
    const seeded: SeededTable[] = [];
    for (const table of tables) {
      const rows = await countRows(dataSource, table);
      if (rows > 0) seeded.push({ table, rows });
    }
    return seeded;
  } finally {
    await dataSource.destroy();
  }
}
