import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { typeormVersion } from "../dialect/typeorm-version";
import type { RevisionGraph } from "../graph/revision-graph";
import { isModuleFile } from "../loading/module-file";
import type { Session } from "../runtime/session";
import type { SchemaModel } from "../schema/model";
import { unmanagedObjects } from "../schema/unmanaged-objects";

/** Bumped whenever what a replay reports (introspection, normalisation, the model) changes shape or spelling. */
const FORMAT = "strata-replay-2";
/** Replays kept per project: a few revision sets back is enough to switch branches without replaying. */
const KEPT = 8;

/** The schema a revision graph builds on a scratch database, remembered across runs. */
export interface ReplayCache {
  read(): SchemaModel | undefined;
  write(model: SchemaModel): void;
}

/**
 * The nearest node_modules at or above the project: the cache is its `.cache/strata`, as
 * build tools keep theirs, inside the project and as trusted as its code. None: nothing is cached.
 */
function nearestNodeModules(rootDir: string): string | undefined {
  for (let at = rootDir; ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules"))) return join(at, "node_modules");
    if (dirname(at) === at) return undefined;
  }
}

/** strata's own sources (src, or the package's compiled dist/src): what reads and normalises the schema. */
const STRATA_SOURCES = dirname(__dirname);

/**
 * The code a replay runs besides the revisions themselves, by modification time:
 * strata's sources (a changed introspector or normaliser), and the installed packages
 * (npm rewrites node_modules/.package-lock.json on every install), which covers a
 * plugin's helpers that its revisions import.
 */
function codeStamps(nodeModules: string): string[] {
  const stamp = (file: string) => {
    try {
      return `${file}@${statSync(file).mtimeMs}`;
    } catch {
      return `${file}@none`;
    }
  };
  const strata = readdirSync(STRATA_SOURCES, { recursive: true, encoding: "utf8" })
    // The code that runs, not the package's declarations (half its files).
    .filter(isModuleFile)
    .map((file) => join(STRATA_SOURCES, file));
  return [...strata.sort(), join(nodeModules, ".package-lock.json")].map(stamp);
}

/**
 * Everything a replay's result depends on: the revisions (by checksum, so an edited
 * file is replayed again), the code and the database software that run them, and what
 * decides which of the scratch database's tables and indexes are kept (the entities'
 * tables, their `synchronize: false` objects, ignoreTables and the configured branches).
 * A project module a revision imports is not covered: after changing one, delete the cache.
 */
async function replayKey(live: Session, graph: RevisionGraph, nodeModules: string): Promise<string> {
  const { dataSource, config, dialect } = live;
  const unmanaged = unmanagedObjects(dataSource);
  const inputs = {
    format: FORMAT,
    typeorm: typeormVersion(),
    code: codeStamps(nodeModules),
    dialect: dialect.name,
    server: await dialect.serverVersion(live.queryRunner),
    revisions: graph.all().map((r) => `${r.id}:${r.checksum}`).sort(),
    defined: dataSource.entityMetadatas.map((m) => m.tableName).sort(),
    unmanaged: [[...unmanaged.tables].sort(), [...unmanaged.indexes].sort()],
    ignoreTables: config.ignoreTables,
    branches: config.branchDirectories.map((b) => b.branch).sort(),
  };
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex");
}

/** Removes all but the `KEPT` most recently written replays. */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith("replay-") && f.endsWith(".json"))
    .map((f) => ({ file: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { file } of files.slice(KEPT)) rmSync(file, { force: true });
}

/**
 * The cache entry of replaying `graph` for `live`'s database and entities. Reading a
 * missing or unreadable entry gives undefined (the caller replays); writing is best
 * effort (a read-only project just replays every time) and atomic (a rename), so a
 * concurrent run never reads half a file.
 */
export async function replayCache(live: Session, graph: RevisionGraph): Promise<ReplayCache> {
  const nodeModules = nearestNodeModules(live.config.rootDir);
  if (!nodeModules) return { read: () => undefined, write: () => {} };
  const dir = join(nodeModules, ".cache", "strata");
  const file = join(dir, `replay-${await replayKey(live, graph, nodeModules)}.json`);
  return {
    read() {
      try {
        const model = JSON.parse(readFileSync(file, "utf8")) as SchemaModel;
        return Array.isArray(model.tables) && Array.isArray(model.enums) ? model : undefined;
      } catch {
        return undefined;
      }
    },
    write(model) {
      try {
        mkdirSync(dir, { recursive: true });
        const temporary = `${file}.${randomBytes(4).toString("hex")}.tmp`;
        writeFileSync(temporary, JSON.stringify(model));
        renameSync(temporary, file);
        prune(dir);
      } catch {
        // Only a cache: the next run replays.
      }
    },
  };
}
