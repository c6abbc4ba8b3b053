import type { DataSourceOptions } from "typeorm";
import { typeorm } from "../loading/typeorm-module";
import { quoteIdentifier } from "../config/identifier";

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
      const [row] = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)}`)) as { n: string | number }[];
      if (Number(row!.n) > 0) seeded.push({ table, rows: Number(row!.n) });
    }
    return seeded;
  } finally {
    await dataSource.destroy();
  }
}
