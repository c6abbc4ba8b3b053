import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { typeormVersion } from "../dialect/typeorm-version";
import type { RevisionGraph } from "../graph/revision-graph";
import type { Session } from "../runtime/session";
import type { SchemaModel } from "../schema/model";
import { unmanagedObjects } from "../schema/unmanaged-objects";

/** Bumped whenever what a replay reports (introspection, normalisation, the model) changes shape or spelling. */
const FORMAT = "strata-replay-1";
/** Replays kept per project: a few revision sets back is enough to switch branches without replaying. */
const KEPT = 8;

/** The schema a revision graph builds on a scratch database, remembered across runs. */
export interface ReplayCache {
  read(): SchemaModel | undefined;
  write(model: SchemaModel): void;
}

/**
 * Where the project keeps caches (`node_modules/.cache/strata` of the nearest folder
 * with a node_modules, as build tools do): inside the project, as trusted as its code.
 * None when there is no node_modules: nothing is cached then.
 */
function cacheDirectory(rootDir: string): string | undefined {
  for (let at = rootDir; ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules"))) return join(at, "node_modules", ".cache", "strata");
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Everything a replay's result depends on: the revisions (by checksum, so an edited
 * file is replayed again), the database software, and what decides which of the
 * scratch database's tables and indexes are kept (the entities' tables, their
 * `synchronize: false` objects, ignoreTables and the configured branches).
 */
async function replayKey(live: Session, graph: RevisionGraph): Promise<string> {
  const { dataSource, config, dialect } = live;
  const unmanaged = unmanagedObjects(dataSource);
  const inputs = {
    format: FORMAT,
    typeorm: typeormVersion(),
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
  const dir = cacheDirectory(live.config.rootDir);
  if (!dir) return { read: () => undefined, write: () => {} };
  const file = join(dir, `replay-${await replayKey(live, graph)}.json`);
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
