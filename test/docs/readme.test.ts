import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, DIALECTS, type DialectName, type TestDatabase } from "../support/dialects";
import { REPO_ROOT } from "../support/project";
import { queryDb, tableNames } from "../support/query";

// Whole CLI runs, several per block.
vi.setConfig({ testTimeout: 240_000 });

/** A shell block of the README that a `<!-- doctest: dialects; setup: name -->` line marks. */
interface DocBlock {
  readonly heading: string;
  readonly script: string;
  readonly dialects: readonly DialectName[];
  readonly setup?: string;
}

function readmeBlocks(): DocBlock[] {
  const blocks: DocBlock[] = [];
  let heading = "";
  const lines = readFileSync(join(REPO_ROOT, "README.md"), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith("#")) heading = lines[i]!.replace(/^#+\s*/, "");
    const marker = /^<!-- doctest: ([a-z ]+)(?:; setup: ([a-z-]+))? -->$/.exec(lines[i]!);
    if (!marker) continue;
    if (lines[i + 1] !== "```sh") throw new Error(`README line ${i + 1}: a doctest marker must stand right above a \`\`\`sh block`);
    const end = lines.indexOf("```", i + 2);
    blocks.push({
      heading,
      script: lines.slice(i + 2, end).join("\n"),
      dialects: marker[1]!.trim().split(/\s+/) as DialectName[],
      setup: marker[2],
    });
  }
  return blocks;
}

/** What a walkthrough assumes before its block runs, and what it must leave behind. */
interface Setup {
  before(app: string): void;
  prepare?(app: string, env: NodeJS.ProcessEnv): Promise<void>;
  after(db: TestDatabase): Promise<void>;
}

const SETUPS: Record<string, Setup> = {
  /** The entity change the app developers' walkthrough describes. */
  "chat-topic": {
    before(app: string) {
      const file = join(app, "entities", "chat.ts");
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace(/\n}\s*$/, `\n\n  @Column({ type: "varchar", length: 64, nullable: true })\n  topic: string | null;\n}\n`));
    },
    async after(db: TestDatabase) {
      const columns = db.dialect === "sqlite"
        ? (await queryDb<{ name: string }>(db, `SELECT name FROM pragma_table_info('chats')`)).map((c) => c.name)
        : (await queryDb<{ column_name: string }>(db, `SELECT column_name FROM information_schema.columns WHERE table_name = 'chats'`)).map((c) => c.column_name);
      expect(columns).toContain("topic");
    },
  },
  /** The bot framework authors' walkthrough: the FSM table under the name the app chose. */
  "fsm-table-name": {
    before() {},
    async after(db: TestDatabase) {
      const tables = await tableNames(db);
      expect(tables).toContain("bot_states");
      expect(tables).not.toContain("fsm_data");
    },
  },
  /** A database TypeORM's synchronize built for the app and its plugins, with no revisions in the code. */
  synchronized: {
    before(app: string) {
      for (const dir of ["migrations"]) rmSync(join(app, dir), { recursive: true, force: true });
      mkdirSync(join(app, "migrations"));
      // The karma plugin ships revisions in its package: an adopted app starts without it.
      writeFileSync(join(app, "ormconfig.ts"), readFileSync(join(app, "ormconfig.ts"), "utf8").replace("plugins: [fsm.plugin, karma]", "plugins: [fsm.plugin]"));
    },
    async prepare(app: string, env: NodeJS.ProcessEnv) {
      const sync = `const { DataSource } = require("typeorm"); const c = require("./ormconfig.ts");
        const ds = new DataSource({ ...c.dataSourceOptions, entities: [...c.dataSourceOptions.entities, ...c.fsm.plugin.entities], synchronize: true });
        ds.initialize().then(() => ds.destroy());`;
      const result = await sh(`node -e '${"require(\"./src/loading/typescript-hook\").registerTypeScript();"} ${sync.replace(/'/g, "'\\''")}'`, app, env);
      expect(result.stderr).toBe("");
    },
    async after(db: TestDatabase) {
      expect(await tableNames(db)).toEqual(expect.arrayContaining(["bot_users", "chats", "fsm_data", "strata_version"]));
    },
  },
};

interface ShellResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sh(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-eo", "pipefail", "-c", script], { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The example app as a user's checkout: a copy inside the repository (so node_modules resolves). */
function copyOfExampleApp(): string {
  const parent = join(REPO_ROOT, ".vitest-tmp");
  mkdirSync(parent, { recursive: true });
  const app = mkdtempSync(join(parent, "readme-"));
  for (const path of ["package.json", "tsconfig.json", "ormconfig.ts", "src", "cli", "entities", "migrations"]) {
    cpSync(join(REPO_ROOT, path), join(app, path), { recursive: true });
  }
  return app;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(readmeBlocks())("README, $heading", (block) => {
  it.each(block.dialects.filter((d) => DIALECTS.includes(d)))("runs on %s", async (dialect) => {
    const app = copyOfExampleApp();
    const db = await createTestDatabase(dialect, "readme");
    cleanups.push(async () => {
      rmSync(app, { recursive: true, force: true });
      await db.drop();
    });
    const env = dialect === "postgres" ? { DATABASE_URL: db.url } : { DATABASE_URL: "", SQLITE_FILE: db.url };
    const setup = block.setup === undefined ? undefined : SETUPS[block.setup];
    if (block.setup !== undefined && !setup) throw new Error(`README names an unknown doctest setup "${block.setup}"`);
    setup?.before(app);
    await setup?.prepare?.(app, env);
    const result = await sh(block.script, app, env);
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    if (setup) await setup.after(db);
  });
});
