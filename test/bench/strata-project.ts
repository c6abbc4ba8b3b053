import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveConfig, type StrataConfig } from "../../src";
import { SQLITE_DRIVER } from "../support/dialects";
import { benchSchema } from "./bench-schema";
import { type BenchDatabase, REPO_ROOT } from "./bench-workspace";

/**
 * A strata project of the bench: a folder with `migrations/` (and `migrations/<plugin>/`),
 * the bench schema of `n` entities (none for the revision-chain project), and a database.
 * Every project folder sits at the same depth in the work directory, so the relative
 * imports of strata's sources in generated revision files hold in any of them.
 */
export interface ProjectSpec {
  readonly dir: string;
  readonly db: BenchDatabase;
  readonly n?: number;
  readonly mutated?: boolean;
}

/** The resolved config the in-process API gets; the same as `writeOrmconfig`'s file. */
export function strataConfig(spec: ProjectSpec): StrataConfig {
  const schema = spec.n === undefined ? undefined : benchSchema(spec.n, spec.mutated);
  const config = resolveConfig(
    { dataSource: { ...spec.db.options, entities: [...(schema?.entities ?? [])] }, migrationsDir: "migrations", plugins: schema?.plugins ?? [] },
    spec.dir,
  );
  for (const branch of config.branchDirectories) mkdirSync(branch.dir, { recursive: true });
  return config;
}

const posix = (path: string) => path.split("\\").join("/");

/**
 * An `ormconfig.ts` for the cold CLI runs, building the same schema from the bench's own
 * module. The database comes from BENCH_DATABASE_URL (see `cliEnv`): one config file,
 * compiled once, serves a fresh database per repetition, on either dialect
 * (BENCH_TRANSACTION_MODE=all switches transactionMode). `strataModule`:
 * where defineConfig comes from (strata's sources, or a compiled package's index.js).
 */
export function writeOrmconfig(spec: Omit<ProjectSpec, "db"> & { readonly strataModule?: string }): void {
  mkdirSync(join(spec.dir, "migrations"), { recursive: true });
  const strata = spec.strataModule ?? join(REPO_ROOT, "src");
  const imports = [`import { defineConfig } from ${JSON.stringify(posix(strata))};`];
  const body = [
    `const url = process.env.BENCH_DATABASE_URL ?? "";`,
    `const connection = url.startsWith("postgres://")`,
    `  ? { type: "postgres" as const, url }`,
    // BENCH_SQLITE_DRIVER: the chain's upgrade is also timed on the other SQLite driver.
    `  : { type: (process.env.BENCH_SQLITE_DRIVER ?? ${JSON.stringify(SQLITE_DRIVER)}) as ${JSON.stringify(SQLITE_DRIVER)}, database: url };`,
  ];
  let entities = "[]";
  let plugins = "[]";
  if (spec.n !== undefined) {
    imports.push(`import { benchSchema } from ${JSON.stringify(posix(join(__dirname, "bench-schema")))};`);
    body.push(`const schema = benchSchema(${spec.n}, ${spec.mutated === true});`);
    entities = "[...schema.entities]";
    plugins = "[...schema.plugins]";
  }
  const text = [
    ...imports,
    "",
    ...body,
    `export default defineConfig({`,
    `  dataSource: { ...connection, entities: ${entities} },`,
    `  plugins: ${plugins},`,
    `  migrationsDir: "migrations",`,
    `  transactionMode: process.env.BENCH_TRANSACTION_MODE === "all" ? "all" : "each",`,
    `});`,
    "",
  ];
  writeFileSync(join(spec.dir, "ormconfig.ts"), text.join("\n"));
}

/** Forgets every remembered replay of revisions (strata keeps them in the repository's node_modules/.cache/strata). */
export function forgetReplays(): void {
  const cache = join(REPO_ROOT, "node_modules", ".cache", "strata");
  if (!existsSync(cache)) return;
  for (const file of readdirSync(cache).filter((f) => f.startsWith("replay-"))) rmSync(join(cache, file), { force: true });
}

/** The environment a cold CLI run of a `writeOrmconfig` project needs. */
export const cliEnv = (db: BenchDatabase): NodeJS.ProcessEnv => ({ BENCH_DATABASE_URL: db.url });

/** Every revision file under `dir/migrations`, as paths relative to it. */
export function revisionFiles(dir: string): string[] {
  const root = join(dir, "migrations");
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

/** Empties `dir/migrations` (a repetition of autogenerate starts from no revisions). */
export function clearRevisions(dir: string): void {
  rmSync(join(dir, "migrations"), { recursive: true, force: true });
  mkdirSync(join(dir, "migrations"), { recursive: true });
}

/** Removes the revision files that are not in `keep` (what one repetition of autogenerate added). */
export function removeRevisionsExcept(dir: string, keep: readonly string[]): void {
  const kept = new Set(keep);
  for (const file of revisionFiles(dir)) if (!kept.has(file)) rmSync(join(dir, "migrations", file));
}
