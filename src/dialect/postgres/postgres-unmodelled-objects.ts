import type { QueryRunner } from "typeorm";

/**
 * The pg_depend rows of object `oid` in catalog `catalog` of the given kinds. With the
 * catalog, the lookup uses pg_depend's index (classid, objid, objsubid); without, it
 * scans pg_depend once per object: half a second on a schema of 500 tables.
 */
const dependsAs = (catalog: string, oid: string, kinds: string) =>
  `EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.${catalog}'::regclass AND d.objid = ${oid} AND d.deptype IN (${kinds}))`;

/** Not brought by an extension (uuid-ossp's functions, say): pg_depend's 'e' links an object to its extension. */
const OWN = (catalog: string, oid: string) => `NOT ${dependsAs(catalog, oid, "'e'")}`;

/**
 * Views, materialized views, triggers, functions and procedures, and sequences no column
 * owns (a serial's or an identity's belongs to its table) in the current schema.
 */
export async function postgresUnmodelledObjects(queryRunner: QueryRunner): Promise<string[]> {
  const rows: { kind: string; name: string }[] = await queryRunner.query(`
    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'sequence' END AS kind, c.relname AS name
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm', 'S') AND ${OWN("pg_class", "c.oid")}
       AND NOT (c.relkind = 'S' AND ${dependsAs("pg_class", "c.oid", "'a', 'i'")})
    UNION ALL
    SELECT 'trigger', t.tgname || ' on ' || c.relname
      FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND NOT t.tgisinternal
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema() AND ${OWN("pg_proc", "p.oid")}
    ORDER BY 1, 2`);
  return rows.map((r) => `${r.kind} ${r.name}`);
}
