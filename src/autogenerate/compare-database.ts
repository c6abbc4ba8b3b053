import { type Renames, diffSchemas, possibleRenames, type PossibleRename } from "../diff";
import type { Operation } from "../operations";
import type { Session } from "../runtime/session";
import { schemaFromMetadata } from "../schema/from-metadata";
import { introspect } from "../schema/introspect";
import type { SchemaModel } from "../schema/model";
import { tableMatcher } from "./table-glob";

/** A table strata created on a branch that is no longer configured. */
export interface OrphanTable {
  readonly table: string;
  readonly branch: string;
}

export interface Comparison {
  readonly operations: readonly Operation[];
  readonly possibleRenames: readonly PossibleRename[];
  readonly orphans: readonly OrphanTable[];
  /** Tables left alone: ignoreTables matches and tables strata never created. */
  readonly leftAlone: readonly string[];
  /** Which branch created each table strata created (from the version table). */
  readonly creators: ReadonlyMap<string, string>;
  readonly target: SchemaModel;
  readonly database: SchemaModel;
}

/** Table → branch of the latest applied revision that created it. */
function tableCreators(session: Session): Map<string, string> {
  const creators = new Map<string, string>();
  for (const row of session.rows) for (const table of row.tablesAdded) creators.set(table, row.branch);
  return creators;
}

/**
 * Diffs the shared metadata set against the live database. The database side keeps only
 * tables the metadata defines or that a configured branch created: a removed entity's
 * table is dropped on its branch, while tables of a plugin no longer configured
 * (orphans), ignored tables and tables strata never created are left alone and listed.
 */
export async function compareDatabase(session: Session, renames: Renames = {}): Promise<Comparison> {
  const { config, dataSource, queryRunner } = session;
  const ignored = tableMatcher(config.ignoreTables);
  const excluded = (table: string) => table === config.versionTable || ignored(table);
  const target = schemaFromMetadata(dataSource);
  const live = await introspect(queryRunner, { exclude: excluded });
  const creators = tableCreators(session);
  const branches = new Set(config.branchDirectories.map((b) => b.branch));
  const defined = new Set(target.tables.map((t) => t.name));
  const renamedAway = new Set(Object.keys(renames.tables ?? {}));

  const orphans: OrphanTable[] = [];
  const leftAlone: string[] = [];
  const kept = live.tables.filter((table) => {
    if (defined.has(table.name) || renamedAway.has(table.name)) return true;
    const creator = creators.get(table.name);
    if (creator && branches.has(creator)) return true;
    if (creator) orphans.push({ table: table.name, branch: creator });
    else leftAlone.push(table.name);
    return false;
  });
  const database: SchemaModel = { ...live, tables: kept };
  const operations = diffSchemas(database, target, { renames });
  return {
    operations,
    possibleRenames: possibleRenames(operations),
    orphans,
    leftAlone: [...leftAlone, ...(await tablesMatching(session, ignored))].sort(),
    creators,
    target,
    database,
  };
}

async function tablesMatching(session: Session, ignored: (table: string) => boolean): Promise<string[]> {
  return (await session.dialect.listTables(session.queryRunner)).filter(ignored);
}
