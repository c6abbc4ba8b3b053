import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { DataSource, DataSourceOptions } from "typeorm";
import type { StrataConfig } from "../config/types";
import { typeormVersion } from "../dialect/typeorm-version";
import { UsageError } from "../errors";

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

function appOptions(config: StrataConfig): DataSourceOptions {
  const given = config.dataSource as DataSource | DataSourceOptions;
  return "initialize" in given && "options" in given ? given.options : (given as DataSourceOptions);
}

/** The SQLite driver to use when the config's own database is not SQLite: better-sqlite3 if installed (typeorm 1.x has no other). */
function sqliteDriver(): "sqlite" | "better-sqlite3" {
  if (!typeormVersion().startsWith("0.")) return "better-sqlite3";
  try {
    require.resolve("sqlite3");
    return "sqlite";
  } catch {
    return "better-sqlite3";
  }
}

/**
 * The config's connection with `url` in place of its database: `postgres://…`, or a SQLite
 * file (`sqlite:path` or a plain path, relative to the working directory). The entities
 * and plugins stay the config's, so both sides share one metadata set; a SQLite file
 * must exist already, since the port needs a database built by the revisions.
 */
export function portConnection(config: StrataConfig, url: string, role: "--from" | "--to"): StrataConfig {
  const app = appOptions(config);
  let options: DataSourceOptions;
  if (POSTGRES_URL.test(url)) {
    options = (app.type === "postgres" ? { ...app, url, host: undefined, port: undefined, username: undefined, password: undefined, database: undefined } : { type: "postgres", url, entities: app.entities }) as DataSourceOptions;
  } else {
    const file = resolve(url.replace(/^sqlite:(\/\/)?/i, ""));
    if (!existsSync(file)) {
      throw new UsageError(`${role} ${url}: there is no SQLite file ${file}. Build it first with \`strata upgrade heads\` (SQLITE_FILE or DATABASE_URL pointing at it).`);
    }
    const sqlite = app.type === "sqlite" || app.type === "better-sqlite3";
    options = (sqlite ? { ...app, database: file } : { type: sqliteDriver(), database: file, entities: app.entities }) as DataSourceOptions;
  }
  return { ...config, dataSource: options };
}
