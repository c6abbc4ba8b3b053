import type { QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { StrataError } from "../../errors";
import { postgresLiteral } from "./postgres-literal";

const valueList = (values: readonly string[]) => values.map(postgresLiteral).join(", ");

/** The enum's values in order, or undefined when there is no such type (in the search path). */
export async function enumValuesOf(queryRunner: QueryRunner, name: string): Promise<string[] | undefined> {
  const rows: { label: string | null }[] = await queryRunner.query(
    `SELECT e.enumlabel AS label FROM (SELECT to_regtype($1) AS oid) t
       LEFT JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.oid IS NOT NULL ORDER BY e.enumsortorder`,
    [quoteIdentifier(name)],
  );
  return rows.length === 0 ? undefined : rows.flatMap((r) => (r.label === null ? [] : [r.label]));
}

export async function createEnumType(queryRunner: QueryRunner, name: string, values: readonly string[]): Promise<void> {
  await queryRunner.query(`CREATE TYPE ${quoteIdentifier(name)} AS ENUM (${valueList(values)})`);
}

export async function dropEnumType(queryRunner: QueryRunner, name: string): Promise<void> {
  await queryRunner.query(`DROP TYPE ${quoteIdentifier(name)}`);
}

/** `to` keeps every value of `from` in the same order and only inserts new ones. */
function onlyInserts(from: readonly string[], to: readonly string[]): boolean {
  let i = 0;
  for (const value of to) if (value === from[i]) i++;
  return i === from.length;
}

async function addValues(queryRunner: QueryRunner, name: string, from: readonly string[], to: readonly string[]): Promise<void> {
  for (const [i, value] of to.entries()) {
    if (from.includes(value)) continue;
    const position = i + 1 < to.length ? `BEFORE ${postgresLiteral(to[i + 1]!)}` : `AFTER ${postgresLiteral(to[i - 1]!)}`;
    await queryRunner.query(`ALTER TYPE ${quoteIdentifier(name)} ADD VALUE ${postgresLiteral(value)} ${to.length > 1 ? position : ""}`);
  }
}

/**
 * Renames the type away, creates it anew and moves every column over through text. The
 * only way to remove or reorder values, and the only way to add values that the same
 * transaction can use (a value from ALTER TYPE … ADD VALUE is unusable until commit).
 */
async function recreate(queryRunner: QueryRunner, name: string, values: readonly string[]): Promise<void> {
  const users: { schema: string; table: string; column: string; isArray: boolean; default: string | null }[] =
    await queryRunner.query(
      `SELECT n.nspname AS schema, c.relname AS "table", a.attname AS "column",
              a.atttypid = t.typarray AS "isArray", pg_get_expr(d.adbin, d.adrelid) AS "default"
         FROM pg_type t
         JOIN pg_attribute a ON a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped
         JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE t.oid = to_regtype($1)
        ORDER BY 1, 2, 3`,
      [quoteIdentifier(name)],
    );
  const retired = `${name.slice(0, 55)}_retired`;
  await queryRunner.query(`ALTER TYPE ${quoteIdentifier(name)} RENAME TO ${quoteIdentifier(retired)}`);
  await createEnumType(queryRunner, name, values);
  for (const use of users) {
    const alter = `ALTER TABLE ${quoteIdentifier(use.schema)}.${quoteIdentifier(use.table)} ALTER COLUMN ${quoteIdentifier(use.column)}`;
    const [text, type] = use.isArray ? ["text[]", `${quoteIdentifier(name)}[]`] : ["text", quoteIdentifier(name)];
    // The old default is cast to the old type and would block the change; it is read
    // before the rename, so set again it names the new type.
    if (use.default !== null) await queryRunner.query(`${alter} DROP DEFAULT`);
    await queryRunner.query(`${alter} TYPE ${type} USING ${quoteIdentifier(use.column)}::${text}::${type}`);
    if (use.default !== null) await queryRunner.query(`${alter} SET DEFAULT ${use.default}`);
  }
  await queryRunner.query(`DROP TYPE ${quoteIdentifier(retired)}`);
}

/**
 * Gives the enum type exactly `values`, whatever it holds now (so running it after an
 * alterEnum that already did the work changes nothing). Outside a transaction, values
 * that are only inserted use ALTER TYPE … ADD VALUE, which rewrites no table.
 */
export async function setEnumValues(queryRunner: QueryRunner, name: string, values: readonly string[]): Promise<void> {
  const current = await enumValuesOf(queryRunner, name);
  if (current === undefined) throw new StrataError(`Cannot change enum type "${name}": there is no such type.`);
  if (current.length === values.length && current.every((v, i) => v === values[i])) return;
  if (onlyInserts(current, values) && !queryRunner.isTransactionActive) await addValues(queryRunner, name, current, values);
  else await recreate(queryRunner, name, values);
}
