import type { QueryRunner } from "typeorm";

/** Not brought by an extension (uuid-ossp's functions, say): pg_depend's 'e' links an object to its extension. */
const OWN = (oid: string) => `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = ${oid} AND d.deptype = 'e')`;

/**
 * Views, materialized views, triggers, functions and procedures, and sequences no column
 * owns (a serial's or an identity's belongs to its table) in the current schema.
 */
export async function postgresUnmodelledObjects(queryRunner: QueryRunner): Promise<string[]> {
  const rows: { kind: string; name: string }[] = await queryRunner.query(`
    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'sequence' END AS kind, c.relname AS name
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm', 'S') AND ${OWN("c.oid")}
       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
    UNION ALL
    SELECT 'trigger', t.tgname || ' on ' || c.relname
      FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND NOT t.tgisinternal
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema() AND ${OWN("p.oid")}
    ORDER BY 1, 2`);
  return rows.map((r) => `${r.kind} ${r.name}`);
}
