import { type Renames, diffSchemas, possibleRenames, type PossibleRename } from "../diff";
import type { Operation } from "../operations";
import type { Session } from "../runtime/session";
import { isStrataTable } from "../runtime/strata-tables";
import { schemaFromMetadata } from "../schema/from-metadata";
import { collectEnums } from "../schema/collect-enums";
import { unmanagedObjects } from "../schema/unmanaged-objects";
import type { Introspection } from "../schema/introspect-options";
import type { SchemaModel } from "../schema/model";
import { allWantedByName, splitUnmanaged } from "./split-unmanaged";
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
  /** Indexes and constraints on managed tables that no revision created: never dropped. */
  readonly unmanaged: readonly string[];
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
export interface CompareOptions {
  readonly renames?: Renames;
  /**
   * The schema the applied revisions build (their replay on a scratch database): what
   * strata manages. Asked for only when the live tables hold something the entities do
   * not name, the only case in which it changes the comparison.
   */
  readonly replayed?: () => Promise<SchemaModel>;
  /** The live schema's introspection, started ahead (Dialect.introspectAhead); by default it runs here. */
  readonly introspection?: Introspection;
}

export async function compareDatabase(session: Session, options: CompareOptions = {}): Promise<Comparison> {
  const renames = options.renames ?? {};
  const { config, dataSource, queryRunner } = session;
  const ignored = tableMatcher(config.ignoreTables);
  // Tables and indexes an entity marks `synchronize: false` are the app's to manage by hand.
  const unmanaged = unmanagedObjects(dataSource);
  const excluded = (table: string) => isStrataTable(config, table) || ignored(table) || unmanaged.tables.has(table);
  const target = schemaFromMetadata(dataSource);
  const introspect = options.introspection ?? ((given) => session.dialect.introspect(queryRunner, given));
  const live = await introspect({ exclude: excluded, excludeIndex: (_, index) => unmanaged.indexes.has(index) });
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
  const managed =
    options.replayed && !allWantedByName(kept, target)
      ? splitUnmanaged(kept, await options.replayed(), target)
      : { tables: kept, unmanaged: [] };
  const database: SchemaModel = { tables: managed.tables, enums: collectEnums(managed.tables), views: live.views };
  const first = diffSchemas(database, target, { renames });
  const renamed = configuredTableRenames(session, first, creators);
  const operations =
    Object.keys(renamed).length === 0 ? first : diffSchemas(database, target, { renames: { ...renames, tables: { ...renames.tables, ...renamed } } });
  return {
    operations,
    possibleRenames: possibleRenames(operations),
    orphans,
    leftAlone: [...leftAlone, ...(await tablesMatching(session, ignored))].sort(),
    unmanaged: managed.unmanaged,
    creators,
    target,
    database,
  };
}

async function tablesMatching(session: Session, ignored: (table: string) => boolean): Promise<string[]> {
  return (await session.dialect.listTables(session.queryRunner)).filter(ignored);
}

/**
 * A table name the app configures (the FSM storage's) that changed is a rename, not a
 * new empty table beside an orphan: the old table was created by the same branch and
 * has the same columns.
 */
function configuredTableRenames(session: Session, operations: readonly Operation[], creators: ReadonlyMap<string, string>): Record<string, string> {
  const configured = new Map(
    session.config.plugins.flatMap((p) => (p.configuredTableNames ?? []).map((t) => [t.name, p.name] as const)),
  );
  const renames: Record<string, string> = {};
  for (const candidate of possibleRenames(operations)) {
    if (candidate.kind !== "table") continue;
    const branch = configured.get(candidate.to);
    if (branch && creators.get(candidate.from) === branch && !(candidate.from in renames)) renames[candidate.from] = candidate.to;
  }
  return renames;
}
