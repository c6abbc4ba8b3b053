import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { UsageError } from "../errors";
import { loadModule } from "../loading/load-module";

/** The package.json scripts of SPEC §1, under the names TypeORM users already type. */
export const MIGRATION_SCRIPTS: Readonly<Record<string, string>> = {
  "migration:generate": "strata revision --autogenerate -m",
  "migration:create": "strata revision -m",
  "migration:run": "strata upgrade heads",
  "migration:revert": "strata downgrade last",
  "migration:show": "strata history --verbose",
};

/** Where TypeORM apps keep their DataSource (TypeORM's own `typeorm init` writes src/data-source.ts). */
const DATA_SOURCE_FILES = ["src/data-source.ts", "src/data-source.js", "data-source.ts", "src/datasource.ts", "src/db/data-source.ts"];

export interface InitOutcome {
  /** What was written, relative to the app. */
  readonly written: readonly string[];
  /** What already existed and was left as it was, with why. */
  readonly kept: readonly string[];
  /** The DataSource the config points at (`file#export`), if one was found. */
  readonly dataSource?: string;
}

/**
 * `strata init`: ormconfig.ts pointing at the app's DataSource (or a SQLite default with
 * an entities glob), the migrations directory, and the migration:* scripts. Never
 * overwrites anything.
 */
export async function initProject(appDir: string, options: { readonly dataSource?: string } = {}): Promise<InitOutcome> {
  const manifestFile = join(appDir, "package.json");
  if (!existsSync(manifestFile)) throw new UsageError(`No package.json in ${appDir}: run strata init in the app's folder.`);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { type?: string; scripts?: Record<string, string> };
  const esm = manifest.type === "module";
  const written: string[] = [];
  const kept: string[] = [];

  const found = await findDataSource(appDir, options.dataSource);
  const configFile = join(appDir, "ormconfig.ts");
  if (existsSync(configFile)) kept.push("ormconfig.ts (exists)");
  else {
    writeFileSync(configFile, renderConfig(found, esm), { flag: "wx" });
    written.push("ormconfig.ts");
  }

  const migrations = join(appDir, "migrations");
  if (existsSync(migrations)) kept.push("migrations/ (exists)");
  else {
    mkdirSync(migrations);
    writeFileSync(join(migrations, ".gitkeep"), "");
    written.push("migrations/");
  }

  const scripts = { ...manifest.scripts };
  for (const [name, command] of Object.entries(MIGRATION_SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      written.push(`package.json scripts.${name}`);
    } else if (scripts[name] !== command) {
      kept.push(`package.json scripts.${name} ("${scripts[name]}"; strata's is "${command}")`);
    }
  }
  if (written.some((w) => w.startsWith("package.json"))) {
    const text = readFileSync(manifestFile, "utf8");
    const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? "  ";
    writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, scripts }, null, indent)}\n`);
  }
  return { written, kept, dataSource: found && `${found.file}#${found.name}` };
}

interface FoundDataSource {
  /** Relative to the app, with forward slashes. */
  readonly file: string;
  readonly name: string;
}

/** The module and export of the app's DataSource: `--data-source PATH`, else the usual files. */
async function findDataSource(appDir: string, given: string | undefined): Promise<FoundDataSource | undefined> {
  const candidates = given ? [given] : DATA_SOURCE_FILES;
  for (const candidate of candidates) {
    const file = resolve(appDir, candidate);
    if (!existsSync(file)) {
      if (given) throw new UsageError(`--data-source ${given} does not exist.`);
      continue;
    }
    const exports = await loadModule(file);
    const name = Object.keys(exports).find((key) => isDataSource(exports[key]));
    if (name) return { file: relative(appDir, file).split(sep).join("/"), name };
    if (given) throw new UsageError(`${given} exports no TypeORM DataSource: export the app's DataSource from it.`);
  }
  return undefined;
}

function isDataSource(value: unknown): boolean {
  return typeof value === "object" && value !== null && "initialize" in value && "options" in value && "manager" in value;
}

function renderConfig(found: FoundDataSource | undefined, esm: boolean): string {
  const header = [`import { defineConfig } from "strata";`];
  let dataSource: string;
  if (found) {
    const specifier = `./${found.file.replace(/\.[cm]?[jt]s$/, esm ? ".js" : "")}`;
    header.push(found.name === "default" ? `import dataSource from "${specifier}";` : `import { ${found.name} } from "${specifier}";`);
    dataSource = found.name === "default" ? "dataSource" : found.name;
  } else {
    const dir = esm ? "import.meta.dirname" : "__dirname";
    dataSource = `{
    // No DataSource was found (src/data-source.ts): point this at the app's database and entities.
    type: "sqlite",
    database: \`\${${dir}}/var/app.sqlite\`,
    entities: [\`\${${dir}}/src/entity/**/*.{ts,js}\`],
  }`;
  }
  return `${header.join("\n")}

export default defineConfig({
  dataSource: ${dataSource},
  migrationsDir: "migrations",
  appBranch: "app",
  plugins: [],
});
`;
}
