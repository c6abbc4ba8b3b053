import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/dialects";
import { REPO_ROOT } from "../support/project";
import { commonJsApp, esmApp } from "./app-files";
import { PackageWorkspace, run } from "./throwaway-app";

/**
 * What users get: the packed tarball installed into apps outside the repository, each
 * with its own typeorm and TypeScript 5, driven through `npx strata` and through the
 * app's compiled build. Every leg runs on SQLite and PostgreSQL.
 */
const LEGS = [
  { typeorm: "0.3.20", sqliteDriver: "sqlite" },
  { typeorm: "^0.3", sqliteDriver: "sqlite" },
  { typeorm: "^1", sqliteDriver: "better-sqlite3" },
] as const;

// npm installs, tsc builds and whole CLI runs: minutes, not the suite's default seconds.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

// TypeScript 5 is what apps use; TypeScript 7 (the current one) must accept strata's declarations too.
const APP_PACKAGES = ["reflect-metadata@^0.2", "typescript@^5", "typescript-7@npm:typescript@^7", "@types/node@^20"];
const workspace = new PackageWorkspace();
const databases: TestDatabase[] = [];

beforeAll(async () => {
  await workspace.pack();
}, 180_000);

afterAll(async () => {
  workspace.remove();
  await Promise.all(databases.map((db) => db.drop()));
});

async function database(dialect: "sqlite" | "postgres", label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(dialect, label);
  databases.push(db);
  return db;
}

/** The environment the app's data-source.ts reads. */
function envFor(db: TestDatabase): NodeJS.ProcessEnv {
  return db.dialect === "postgres" ? { DATABASE_URL: db.url } : { DATABASE_URL: "", SQLITE_FILE: db.url };
}

describe("the packed tarball", () => {
  it("ships compiled JavaScript, declarations and the bin, and no tests, sources or example app", async () => {
    const files = await workspace.files();
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files).toContain("cli/strata.js");
    expect(files).toContain("dist/src/loading/typescript-hook.js");
    const stray = files.filter((f) => /^(test|entities|migrations|src)\//.test(f) || f === "ormconfig.ts" || /\.ts$/.test(f.replace(/\.d\.ts$/, "")));
    expect(stray).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
      peerDependencies: Record<string, string>;
      dependencies: Record<string, string>;
    };
    for (const peer of ["typeorm", "reflect-metadata", "pg", "sqlite3", "better-sqlite3"]) expect(manifest.peerDependencies).toHaveProperty(peer);
    expect(Object.keys(manifest.dependencies)).not.toContain("typeorm");
  });
});

describe.each(LEGS)("an app on typeorm $typeorm installing the tarball", (leg) => {
  let app: string;
  let sqlite: TestDatabase;
  const strata = (args: string[], env: NodeJS.ProcessEnv) => run("npx", ["strata", ...args], app, env);

  beforeAll(async () => {
    const name = `app-typeorm-${leg.typeorm.replace(/\W/g, "")}`;
    app = await workspace.app(name, { type: "commonjs" }, commonJsApp(leg.sqliteDriver), [`typeorm@${leg.typeorm}`, ...APP_PACKAGES]);
    sqlite = await database("sqlite", name);
  }, 300_000);

  it("init writes ormconfig.ts at the app's DataSource, migrations/ and the scripts, and never overwrites", async () => {
    const env = envFor(sqlite);
    const init = await strata(["init"], env);
    expect(init.stderr).toBe("");
    expect(init.stdout).toContain("DataSource: src/data-source.ts#AppDataSource");
    expect(readFileSync(join(app, "ormconfig.ts"), "utf8")).toContain(`import { AppDataSource } from "./src/data-source";`);
    const scripts = (JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["migration:run"]).toBe("strata upgrade heads");
    writeFileSync(join(app, "ormconfig.ts"), readFileSync(join(app, "ormconfig.ts"), "utf8") + "// kept\n");
    const again = await strata(["init"], env);
    expect(again.stdout).toContain("kept  ormconfig.ts (exists)");
    expect(readFileSync(join(app, "ormconfig.ts"), "utf8")).toContain("// kept");
  });

  it("autogenerates from entity files that import each other, upgrades, and check exits 0 (SQLite)", async () => {
    const env = envFor(sqlite);
    const generated = await strata(["revision", "--autogenerate", "-m", "init"], env);
    expect(generated.stderr).not.toMatch(/error|warn/i);
    expect(generated.code).toBe(0);
    const files = readdirSync(join(app, "migrations")).filter((f) => f.endsWith(".ts"));
    expect(files).toHaveLength(1);
    const revision = readFileSync(join(app, "migrations", files[0]!), "utf8");
    expect(revision).toMatch(/from "strata";/);
    for (const table of ["users", "chats", "messages", "authors", "books"]) expect(revision).toContain(`"${table}"`);
    expect((await strata(["upgrade", "heads"], env)).code).toBe(0);
    const checked = await strata(["check"], env);
    expect(checked.stdout).toContain("OK");
    expect(checked.code).toBe(0);
  });

  it("loads each export's module on first use, and an ES module import sees every export", async () => {
    const dialectModules = `Object.keys(require.cache).filter((f) => /[\\\\/]dist[\\\\/]src[\\\\/]dialect[\\\\/]/.test(f)).length`;
    const probe = [
      `const strata = require("strata");`,
      `const define = typeof strata.defineConfig;`,
      `const before = ${dialectModules};`,
      `const migrate = typeof strata.migrate;`,
      `console.log(JSON.stringify({ define, before, migrate, after: ${dialectModules}, names: Object.keys(strata).sort() }));`,
    ].join("\n");
    const required = await run("node", ["-e", probe], app);
    expect(required.stderr).toBe("");
    const loaded = JSON.parse(required.stdout) as { define: string; before: number; migrate: string; after: number; names: string[] };
    expect(loaded).toMatchObject({ define: "function", before: 0, migrate: "function" });
    expect(loaded.after).toBeGreaterThan(0);
    expect(loaded.names).toEqual(expect.arrayContaining(["defineConfig", "migrate", "fsmStorage", "StrataError", "tableColumns", "WAIT_TIMEOUT_MS"]));
    const imported = await run("node", ["--input-type=module", "-e", `import * as strata from "strata"; console.log(JSON.stringify(Object.keys(strata)));`], app);
    expect(imported.stderr).toBe("");
    const named = (JSON.parse(imported.stdout) as string[]).filter((n) => !["default", "__esModule", "module.exports"].includes(n));
    expect(named.sort()).toEqual(loaded.names);
  });

  it("compiles with the app's own tsc, TypeScript 5 and 7 (strict, skipLibCheck false), with no error", async () => {
    const compiled = await run("npx", ["tsc", "-p", "."], app);
    expect(compiled.stdout + compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
    expect(existsSync(join(app, "dist", "migrations"))).toBe(true);
    const native = await run("node", [join(app, "node_modules", "typescript-7", "bin", "tsc"), "-p", ".", "--noEmit"], app);
    expect(native.stdout + native.stderr).toBe("");
    expect(native.code).toBe(0);
  });

  it("the compiled app calls migrate() and check() from another directory, on the database the .ts sources migrated", async () => {
    const env = envFor(sqlite);
    const started = await run("node", [join(app, "dist", "src", "main.js")], tmpdir(), env);
    expect(started.stderr).toBe("");
    expect(JSON.parse(started.stdout)).toEqual({ applied: 0, clean: true });
  });

  it("refuses a real edit of a compiled revision, and a missing migrations directory", async () => {
    const env = envFor(sqlite);
    const dir = join(app, "dist", "migrations");
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith(".js"))!);
    const original = readFileSync(file, "utf8");
    writeFileSync(file, `// a comment changes nothing\n${original}`);
    expect((await run("node", [join(app, "dist", "src", "main.js")], tmpdir(), env)).code).toBe(0);
    writeFileSync(file, original.replace(`"books"`, `"volumes"`));
    const edited = await run("node", [join(app, "dist", "src", "main.js")], tmpdir(), env);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("was edited after it was applied");
    writeFileSync(file, original);
    renameSync(dir, `${dir}-moved`);
    const missing = await run("node", [join(app, "dist", "src", "main.js")], tmpdir(), env);
    renameSync(`${dir}-moved`, dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/revision directory of branch app, .* does not exist/);
  });

  it("refuses a driver this typeorm does not support before connecting, naming what works", async () => {
    const wrong = leg.sqliteDriver === "sqlite" ? "better-sqlite3-old" : "sqlite";
    writeFileSync(
      join(app, "wrong-driver.ts"),
      `import { defineConfig } from "strata";\nexport default defineConfig({ dataSource: { type: "${wrong}" as "sqlite", database: ${JSON.stringify(sqlite.url)} } });\n`,
    );
    const refused = await strata(["check", "--config", "wrong-driver.ts"], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Database type "${wrong}" is not supported with typeorm`);
    if (leg.sqliteDriver === "better-sqlite3") expect(refused.stderr).toContain(`Use type "better-sqlite3"`);
  });

  it("the same revision file runs on PostgreSQL: upgrade, check, and the compiled app", async () => {
    const pg = await database("postgres", `pkg_${leg.typeorm}`);
    const env = envFor(pg);
    const upgraded = await strata(["upgrade", "heads"], env);
    expect(upgraded.stderr).not.toMatch(/error/i);
    expect(upgraded.code).toBe(0);
    expect((await strata(["check"], env)).code).toBe(0);
    const started = await run("node", [join(app, "dist", "src", "main.js")], tmpdir(), env);
    expect(JSON.parse(started.stdout)).toEqual({ applied: 0, clean: true });
  });
});

describe("an ES module app (\"type\": \"module\", .js specifiers, Relation<>)", () => {
  it("inits, autogenerates, upgrades and checks on SQLite and PostgreSQL", async () => {
    const app = await workspace.app("app-esm", { type: "module" }, esmApp(), ["typeorm@^0.3", ...APP_PACKAGES]);
    const strata = (args: string[], env: NodeJS.ProcessEnv) => run("npx", ["strata", ...args], app, env);
    const sqlite = await database("sqlite", "esm");
    const env = envFor(sqlite);
    expect((await strata(["init"], env)).code).toBe(0);
    expect(readFileSync(join(app, "ormconfig.ts"), "utf8")).toContain(`from "./src/data-source.js"`);
    const generated = await strata(["revision", "--autogenerate", "-m", "init"], env);
    expect(generated.stderr).not.toMatch(/error|warn/i);
    expect((await strata(["upgrade", "heads"], env)).code).toBe(0);
    expect((await strata(["check"], env)).code).toBe(0);
    const pg = await database("postgres", "esm");
    expect((await strata(["upgrade", "heads"], envFor(pg))).code).toBe(0);
    expect((await strata(["check"], envFor(pg))).code).toBe(0);
  }, 300_000);
});
