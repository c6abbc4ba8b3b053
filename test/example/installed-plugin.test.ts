import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, runCli } from "../support/project";
import { appliedRevisions, tableNames } from "../support/query";
import { APP_BASE, APP_HEAD, KARMA_BASE, KARMA_SOURCE } from "./example-app";

const SCRATCH = join(REPO_ROOT, ".vitest-tmp");
/** How a published plugin and its revisions import strata: by package name. */
const IN_REPO_IMPORT = /from "(\.\.\/)+src"/g;

/** Copies a file or folder, TypeScript files importing "strata" where the repository's copy imports its sources. */
function copyAsPublished(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const rewrite = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) rewrite(join(path, name));
    else if (path.endsWith(".ts")) writeFileSync(path, readFileSync(path, "utf8").replace(IN_REPO_IMPORT, 'from "strata"'));
  };
  rewrite(to);
}

/**
 * An app that installed strata and the karma plugin from a registry: real copies under
 * node_modules (no links back to a source tree); its own copy of the example's app
 * revisions; strata here is this checkout's sources behind the package name.
 */
function installedApp(db: TestDatabase): string {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH, "installed-"));
  // Its own manifest, or Node would resolve "strata" to the enclosing checkout itself.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "installed-app", private: true }));
  const strata = join(dir, "node_modules", "strata");
  mkdirSync(strata, { recursive: true });
  writeFileSync(join(strata, "package.json"), JSON.stringify({ name: "strata", main: "index.js" }));
  writeFileSync(
    join(strata, "index.js"),
    `require(${JSON.stringify(join(REPO_ROOT, "src", "loading", "typescript-hook.js"))}).registerTypeScript();\n` +
      `module.exports = require(${JSON.stringify(join(REPO_ROOT, "src", "index.ts"))});\n`,
  );
  copyAsPublished(KARMA_SOURCE, join(dir, "node_modules", "strata-karma"));
  mkdirSync(join(dir, "migrations"));
  for (const name of readdirSync(join(REPO_ROOT, "migrations")).filter((n) => n.endsWith(".ts"))) {
    copyAsPublished(join(REPO_ROOT, "migrations", name), join(dir, "migrations", name));
  }
  const dataSource =
    db.dialect === "sqlite"
      ? `{ type: ${JSON.stringify(db.options.type)}, database: ${JSON.stringify(db.url)}, entities }`
      : `{ type: "postgres", url: ${JSON.stringify(db.url)}, entities }`;
  writeFileSync(
    join(dir, "ormconfig.ts"),
    [
      `import { defineConfig } from "strata";`,
      `import { karma } from "strata-karma";`,
      `import { entities } from ${JSON.stringify(join(REPO_ROOT, "entities"))};`,
      `export default defineConfig({ dataSource: ${dataSource}, migrationsDir: "migrations", plugins: [karma] });`,
      "",
    ].join("\n"),
  );
  return dir;
}

describe.each(DIALECTS)("a plugin installed under node_modules with its revisions, on %s", (dialect) => {
  let db: TestDatabase;
  let app: string;
  let installed: string;
  const strata = (args: readonly string[]) => runCli(app, args, {});
  const installedRevisions = () => readdirSync(installed).sort();

  beforeAll(async () => {
    db = await createTestDatabase(dialect, "karma_installed");
    app = installedApp(db);
    installed = join(app, "node_modules", "strata-karma", "migrations");
  });
  afterAll(async () => {
    if (app) rmSync(app, { recursive: true, force: true });
    await db?.drop();
  });

  it("heads, upgrade, history and downgrade karma@base read the revisions inside node_modules", async () => {
    const heads = JSON.parse((await strata(["heads", "--json"])).stdout);
    expect(heads.find((h: { revision: string }) => h.revision === KARMA_BASE)?.file).toMatch(/^node_modules\/strata-karma\/migrations\//);

    const up = await strata(["upgrade", "heads"]);
    expect(up.code, up.stderr).toBe(0);
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([APP_BASE, APP_HEAD, KARMA_BASE].sort());
    expect((await strata(["history"])).stdout).toContain(`[x] <base> -> ${KARMA_BASE} (karma)`);

    const down = await strata(["downgrade", "karma@base"]);
    expect(down.code, down.stderr).toBe(0);
    expect(await tableNames(db)).not.toContain("karma_points");
    expect((await appliedRevisions(db)).map((r) => r.revision)).toEqual([APP_BASE, APP_HEAD]);
    expect((await strata(["upgrade", "heads"])).code).toBe(0);
  });

  it("refuses to write a revision into the installed package, naming --version-path", async () => {
    const before = installedRevisions();
    const run = await strata(["revision", "-m", "karma history", "--head", "karma@head"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Branch karma's revision directory node_modules/strata-karma/migrations is inside node_modules");
    expect(run.stderr).toContain("--head karma@head --version-path DIR");
    expect(installedRevisions()).toEqual(before);
  });

  it("--version-path writes the revision where the user says, on the branch's head", async () => {
    const run = await strata(["revision", "-m", "karma history", "--head", "karma@head", "--rev-id", "abcdef012345", "--version-path", "karma-src/migrations"]);
    expect(run.code, run.stderr).toBe(0);
    const file = join(app, "karma-src", "migrations", "abcdef012345_karma_history.ts");
    expect(run.stdout).toContain(`Created abcdef012345 on branch karma: ${file}`);
    expect(readFileSync(file, "utf8")).toContain(`downRevision: "${KARMA_BASE}"`);
    expect(existsSync(join(installed, "abcdef012345_karma_history.ts"))).toBe(false);
  });

  it("autogenerate refuses a change of the installed plugin's table and writes no file anywhere", async () => {
    const entity = join(app, "node_modules", "strata-karma", "karma-points.ts");
    writeFileSync(entity, readFileSync(entity, "utf8").replace(/\n}\n$/, `\n\n  @Column({ type: "integer", default: 0 })\n  given: number;\n}\n`));
    const before = [installedRevisions(), readdirSync(join(app, "migrations")).sort()];
    const run = await strata(["revision", "--autogenerate", "-m", "karma given"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("node_modules/strata-karma/migrations is inside node_modules");
    expect(run.stderr).toContain("npm link");
    expect([installedRevisions(), readdirSync(join(app, "migrations")).sort()]).toEqual(before);

    const both = await strata(["revision", "--autogenerate", "-m", "karma given", "--version-path", "karma-src/migrations"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--version-path is for hand-written revisions");
  });
});
