import { quoteIdentifier } from "../config/identifier";

/** Anything that runs a query: a QueryRunner or a DataSource. */
interface Queryable {
  query(sql: string): Promise<unknown>;
}

/** How many rows `table` holds (the same SQL on every dialect; drivers return the count as a string or a number). */
export async function countRows(on: Queryable, table: string): Promise<number> {
  const [row] = (await on.query(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)}`)) as { n: string | number }[];
  return Number(row!.n);
}
