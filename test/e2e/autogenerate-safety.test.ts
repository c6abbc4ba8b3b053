import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, PG_ADMIN_URL, type TestDatabase } from "../support/dialects";
import { REPO_ROOT, TestProject } from "../support/project";
import { queryDb, tableNames } from "../support/query";

const CLI = join(REPO_ROOT, "cli", "strata.js");

/** `count` entities of a few columns each: enough tables that replaying them takes a while. */
function manyEntities(count: number): string {
  const classes = Array.from(
    { length: count },
    (_, i) => `@Entity("wide_${i}")
export class Wide${i} {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: 40 }) name: string;
  @Index() @Column({ type: "integer", default: 0 }) score: number;
  @Column({ type: "text", nullable: true }) note: string | null;
}`,
  );
  return `import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";\n${classes.join("\n")}\nexport const ALL = [${classes.map((_, i) => `Wide${i}`).join(", ")}];\n`;
}

const MEMBERS = (column: string) => `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity("members")
export class Member {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: 32 }) name: string;
  @Column({ type: "varchar", length: 64, nullable: true }) ${column}: string | null;
}
`;

const revisionFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ts")) : []);

/** Reads a shell word list as the advice prints it (bare words and '…' quoting). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/(?:'((?:[^']|'\\'')*)'|(\S+))/g)) words.push(match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : match[2]!);
  return words;
}

/** The commands strata printed as advice (`  $ strata …`), as argument lists. */
const adviceIn = (text: string) =>
  text
    .split("\n")
    .filter((line) => /^\s*\$ strata /.test(line))
    .map((line) => shellWords(line.replace(/^\s*\$ strata /, "")));

async function scratchLeftovers(db: TestDatabase, names: readonly string[]): Promise<string[]> {
  if (db.dialect === "sqlite") return names.filter((name) => existsSync(name));
  const databases = await queryDb<{ name: string }>(db, `SELECT datname AS name FROM pg_database WHERE datname = ANY($1)`, [names]);
  const schemas = await queryDb<{ name: string }>(db, `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'strata_scratch_%'`);
  return [...databases, ...schemas].map((r) => r.name);
}

describe.each(DIALECTS)("autogenerate is all or nothing on %s", (dialect) => {
  let db: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "safety");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("Ctrl-C during the proof leaves no revision file and no scratch database", async () => {
    project.writeFile("wide.ts", manyEntities(dialect === "sqlite" ? 200 : 120));
    project.writeConfig("", `import { ALL } from "./wide";`, "ALL");
    const tmp = mkdtempSync(join(tmpdir(), "strata-sigint-"));
    const child = spawn(process.execPath, [CLI, "revision", "--autogenerate", "-m", "wide"], {
      cwd: project.dir,
      env: { ...process.env, TMPDIR: tmp },
    });
    let stdout = "";
    let stderr = "";
    const scratch: string[] = [];
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      const proving = /Proving \d+ new revision\(s\) on scratch (\S+) …/.exec(stderr);
      if (proving && scratch.length === 0) {
        scratch.push(proving[1]!);
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(scratch, stderr).toHaveLength(1);
    expect(stderr).toContain("Interrupted during the scratch step");
    expect(code).toBe(130);
    expect(stdout).not.toContain("Generated");
    expect(revisionFiles(join(project.dir, "migrations"))).toEqual([]);
    expect(readdirSync(join(project.dir, "migrations"))).toEqual([]);
    expect(await scratchLeftovers(db, scratch)).toEqual([]);
    if (dialect === "sqlite") expect(readdirSync(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
    expect(await tableNames(db)).toEqual([]);
  }, 120_000);

  it("a possible rename is a question; the advice, run as printed, keeps all 20 values", async () => {
    project.writeFile("members.ts", MEMBERS("nickname"));
    project.writeConfig("", `import { Member } from "./members";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    for (let i = 1; i <= 20; i++) await queryDb(db, `INSERT INTO members (name, nickname) VALUES ('m${i}', 'nick ''${i}''')`);

    project.writeFile("members.ts", MEMBERS("handle"));
    const asked = await project.run(["revision", "--autogenerate", "-m", "handle instead of nickname"]);
    expect(asked.code).toBe(2);
    expect(revisionFiles(join(project.dir, "migrations"))).toHaveLength(1);
    expect(asked.stderr).toContain("--no-rename members.nickname");
    let pending = adviceIn(asked.stderr + asked.stdout);
    expect(pending).toHaveLength(1);
    for (let step = 0; pending.length > 0 && step < 5; step++) {
      const [args, ...rest] = pending as [string[], ...string[][]];
      const run = await project.run(args);
      expect(run.code, `${args.join(" ")}\n${run.stderr}`).toBe(0);
      pending = [...rest, ...adviceIn(run.stderr + run.stdout)];
    }
    const rows = await queryDb<{ handle: string }>(db, `SELECT handle FROM members ORDER BY id`);
    expect(rows.map((r) => r.handle)).toEqual(Array.from({ length: 20 }, (_, i) => `nick '${i + 1}'`));
    expect((await project.run(["check"])).code).toBe(0);

    // Answered "not a rename": the column is dropped and added, as asked, and said so.
    project.writeFile("members.ts", MEMBERS("alias"));
    const dropped = await project.run(["revision", "--autogenerate", "-m", "alias", "--no-rename", "members.handle"]);
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toContain("DESTRUCTIVE (app): drop column members.handle");
  }, 120_000);

  it("names the rows already in the database that a new NOT NULL column, NOT NULL or unique constraint fails on, and the way out", async () => {
    project.writeFile("members.ts", MEMBERS("nickname"));
    project.writeConfig("", `import { Member } from "./members";`, "[Member]");
    expect((await project.run(["revision", "--autogenerate", "-m", "members"])).code).toBe(0);
    expect((await project.run(["upgrade"])).code).toBe(0);
    await queryDb(db, `INSERT INTO members (name, nickname) VALUES ('a', 'x'), ('b', NULL), ('c', NULL), ('a', 'y')`);
    const required = MEMBERS("nickname")
      .replace(`@Column({ type: "varchar", length: 64, nullable: true }) nickname: string | null;`, `@Column({ type: "varchar", length: 64 }) nickname: string;`)
      .replace(`@Column({ type: "varchar", length: 32 }) name`, `@Column({ type: "varchar", length: 32, unique: true }) name`)
      .replace("}\n", `  @Column({ type: "integer" }) level: number;\n  @Column({ type: "integer", default: 1 }) rank: number;\n}\n`);
    project.writeFile("members.ts", required);
    const generated = await project.run(["revision", "--autogenerate", "-m", "required"]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toContain("WILL FAIL on this database's rows: 2 row(s) of members hold NULL in nickname, which becomes NOT NULL");
    expect(generated.stderr).toContain("WILL FAIL on this database's rows: members has 4 row(s), and members.level is added NOT NULL without a default");
    expect(generated.stderr).toContain("WILL FAIL on this database's rows: 1 group(s) of rows of members share a value in (name), which becomes unique");
    expect(generated.stderr).not.toContain("members.rank");
    // As said: the upgrade fails and leaves the database as it was.
    expect((await project.run(["upgrade"])).code).toBe(1);
    expect(await queryDb(db, `SELECT name FROM members WHERE nickname IS NULL ORDER BY name`)).toEqual([{ name: "b" }, { name: "c" }]);
  }, 120_000);

  it("a failed proof leaves no revision file", async () => {
    project.writeFile("members.ts", MEMBERS("nickname"));
    // A revision the proof cannot replay: the scratch step fails, and says so.
    project.writeRevision({ id: "bad000000000", message: "broken", up: `throw new Error("boom in the replay");` });
    project.writeConfig("", `import { Member } from "./members";`, "[Member]");
    const stamp = await project.run(["stamp", "heads"]);
    expect(stamp.code, stamp.stderr).toBe(0);
    const run = await project.run(["revision", "--autogenerate", "-m", "members"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("The scratch step failed");
    expect(run.stderr).toContain("boom in the replay");
    expect(revisionFiles(join(project.dir, "migrations"))).toEqual(["bad000000000_broken.ts"]);
    expect(readdirSync(join(project.dir, "migrations")).filter((f) => f.startsWith("."))).toEqual([]);
  }, 60_000);
});

describe.each(DIALECTS)("adopt on %s", (dialect) => {
  let db: TestDatabase;
  let fresh: TestDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createTestDatabase(dialect, "adopt");
    fresh = await createTestDatabase(dialect, "adopt_fresh");
    project = new TestProject(db);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
    await fresh.drop();
  });

  /** Builds the database as TypeORM would: synchronize, then its own migrations table. */
  async function typeormBuilds(): Promise<void> {
    project.writeFile(
      "typeorm-build.ts",
      `import "reflect-metadata";
import { DataSource } from "typeorm";
import config from "./ormconfig";
class Noop1700000000000 { name = "Noop1700000000000"; async up() {} async down() {} }
const options: any = config.dataSource;
const entities = [...options.entities, ...(config.plugins ?? []).flatMap((p: any) => p.entities)];
const ds = new DataSource({ ...options, entities, synchronize: true, migrations: [Noop1700000000000] });
ds.initialize().then(() => ds.runMigrations()).then(() => ds.destroy()).catch((e) => { console.error(e); process.exit(1); });
`,
    );
    const run = await new Promise<number | null>((done) => {
      const child = spawn(
        process.execPath,
        ["-e", `require(${JSON.stringify(join(REPO_ROOT, "src", "loading", "typescript-hook"))}).registerTypeScript(); require("./typeorm-build.ts")`],
        { cwd: project.dir, stdio: "inherit" },
      );
      child.on("close", done);
    });
    expect(run).toBe(0);
  }

  it("writes and stamps the baseline, leaves TypeORM's migrations table alone, and check then passes", async () => {
    const fsm = JSON.stringify(join(REPO_ROOT, "src"));
    project.writeFile("members.ts", MEMBERS("nickname"));
    const preamble = `import { Member } from "./members";\nimport { fsmStorage } from ${fsm};\nconst fsm = fsmStorage({ tableName: "fsm_data" });`;
    project.writeConfig("plugins: [fsm.plugin],", preamble, "[Member]");

    // Nothing to stamp yet: refused, and no empty version table appears.
    const stamp = await project.run(["stamp", "heads"]);
    expect(stamp.code).toBe(2);
    expect(stamp.stderr).toContain("strata adopt");
    expect(await tableNames(db)).toEqual([]);

    await typeormBuilds();
    await queryDb(db, `INSERT INTO members (name, nickname) VALUES ('ada', 'a')`);
    // A hand-made difference: listed, nothing written, exit 1.
    await queryDb(db, `ALTER TABLE members ADD COLUMN extra integer`);
    const refused = await project.run(["adopt", "-m", "baseline"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("drop column members.extra");
    expect(revisionFiles(join(project.dir, "migrations"))).toEqual([]);
    expect(await tableNames(db)).not.toContain("strata_version");
    await queryDb(db, `ALTER TABLE members DROP COLUMN extra`);

    const adopted = await project.run(["adopt", "-m", "baseline"]);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain("Left alone (not managed by strata): migrations");
    expect(revisionFiles(join(project.dir, "migrations"))).toHaveLength(1);
    expect(revisionFiles(join(project.dir, "migrations", "fsm"))).toHaveLength(1);
    const check = await project.run(["check"]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect((await project.run(["upgrade"])).stdout).toContain("Nothing to do");
    expect(await queryDb(db, `SELECT name FROM members`)).toEqual([{ name: "ada" }]);
    expect(await queryDb(db, `SELECT name FROM migrations`)).toEqual([{ name: "Noop1700000000000" }]);

    // A fresh database built from the baselines equals the adopted one.
    const other = new TestProject(fresh);
    try {
      other.writeFile("members.ts", MEMBERS("nickname"));
      other.writeConfig("plugins: [fsm.plugin],", preamble, "[Member]");
      rmSync(join(other.dir, "migrations"), { recursive: true });
      require("node:fs").cpSync(join(project.dir, "migrations"), join(other.dir, "migrations"), { recursive: true });
      expect((await other.run(["upgrade"])).code).toBe(0);
      expect((await other.run(["check"])).code).toBe(0);
      expect((await tableNames(fresh)).filter((t) => t !== "strata_version")).toEqual(
        (await tableNames(db)).filter((t) => t !== "strata_version" && t !== "migrations"),
      );
    } finally {
      other.remove();
    }
  }, 180_000);
});

// Registered only where PostgreSQL runs, like the block below: the creation is seen in pg_stat_activity.
if (DIALECTS.includes("postgres")) {
  describe("autogenerate interrupted early on postgres", () => {
    let db: TestDatabase;
    let project: TestProject;
    beforeEach(async () => {
      db = await createTestDatabase("postgres", "early_sigint");
      project = new TestProject(db);
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });

    // The scratch database is created while the new files are rendered: an interruption then waits for it and drops it.
    it("Ctrl-C while the scratch database is being created leaves no database", async () => {
      project.writeFile("wide.ts", manyEntities(120));
      project.writeConfig("", `import { ALL } from "./wide";`, "ALL");
      const child = spawn(process.execPath, [CLI, "revision", "--autogenerate", "-m", "wide"], { cwd: project.dir });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const closed = new Promise<number | null>((done) => child.on("close", done));
      let exited = false;
      void closed.then(() => (exited = true));
      // The run issues CREATE DATABASE on its connection to the live database (the last query it shows until the final drop).
      const admin = new Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      let creating: string | undefined;
      try {
        while (!creating && !exited) {
          const { rows } = await admin.query<{ query: string }>(
            `SELECT query FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'CREATE DATABASE "strata_scratch_%'`,
            [new URL(db.url).pathname.slice(1)],
          );
          creating = /"(strata_scratch_\w+)"/.exec(rows[0]?.query ?? "")?.[1];
        }
      } finally {
        await admin.end();
      }
      expect(creating, stderr).toBeDefined();
      child.kill("SIGINT");
      expect(await closed).toBe(130);
      expect(stderr).toContain("Interrupted during the scratch step: no revision file was written and the scratch database was dropped");
      expect(revisionFiles(join(project.dir, "migrations"))).toEqual([]);
      expect(await scratchLeftovers(db, [creating!])).toEqual([]);
      expect(await tableNames(db)).toEqual([]);
    }, 120_000);
  });
}

// Privileges exist on PostgreSQL only: SQLite's scratch database is a temporary file.
// Registered only where PostgreSQL runs (CI always), so a SQLite-only leg reports no skipped test.
if (DIALECTS.includes("postgres")) {
  describe("the scratch step for a role without CREATEDB on postgres", () => {
    const role = `strata_t_role_${Math.random().toString(16).slice(2, 10)}`;
    let app: TestDatabase;
    let spare: TestDatabase;
    let project: TestProject;
    const asRole = (db: TestDatabase) => {
      const url = new URL(db.url);
      url.username = role;
      return url.toString();
    };
    beforeEach(async () => {
      app = await createTestDatabase("postgres", "nocreatedb");
      spare = await createTestDatabase("postgres", "nocreatedb_spare");
      await queryDb(app, `CREATE ROLE ${role} LOGIN NOCREATEDB`);
      await queryDb(app, `GRANT CREATE, USAGE ON SCHEMA public TO ${role}`);
      await queryDb(app, `ALTER DATABASE "${new URL(spare.url).pathname.slice(1)}" OWNER TO ${role}`);
      project = new TestProject({ ...app, url: asRole(app) });
      project.writeFile("members.ts", MEMBERS("nickname"));
    });
    afterEach(async () => {
      project.remove();
      await app.drop();
      await spare.drop();
      await queryDb({ ...app, url: PG_ADMIN_URL }, `DROP ROLE IF EXISTS ${role}`);
    });

    it("says the scratch step failed when it may create neither a database nor a schema, and uses scratchUrl when given", async () => {
      project.writeConfig("", `import { Member } from "./members";`, "[Member]");
      const refused = await project.run(["revision", "--autogenerate", "-m", "members"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("The scratch step failed");
      expect(refused.stderr).toContain("scratchUrl");
      expect(revisionFiles(join(project.dir, "migrations"))).toEqual([]);

      project.writeConfig(`scratchUrl: ${JSON.stringify(asRole(spare))},`, `import { Member } from "./members";`, "[Member]");
      const generated = await project.run(["revision", "--autogenerate", "-m", "members"]);
      expect(generated.code, generated.stderr).toBe(0);
      expect(revisionFiles(join(project.dir, "migrations"))).toHaveLength(1);
      expect(await queryDb(spare, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'strata_scratch_%'`)).toEqual([]);
    }, 60_000);

    it("needs no scratch database when there is nothing new to prove", async () => {
      project.writeConfig("", "", "[]");
      const run = await project.run(["revision", "--autogenerate", "-m", "nothing"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain("The scratch step failed");
      expect(revisionFiles(join(project.dir, "migrations"))).toEqual([]);
    }, 60_000);

    it("falls back to a temporary schema in the app's own database, and drops it", async () => {
      await queryDb(app, `ALTER DATABASE "${new URL(app.url).pathname.slice(1)}" OWNER TO ${role}`);
      project.writeConfig("", `import { Member } from "./members";`, "[Member]");
      const generated = await project.run(["revision", "--autogenerate", "-m", "members"]);
      expect(generated.code, generated.stderr).toBe(0);
      expect(generated.stderr).toMatch(/on scratch strata_scratch_/);
      expect((await project.run(["upgrade"])).code).toBe(0);
      expect((await project.run(["check"])).code).toBe(0);
      expect(await queryDb(app, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'strata_scratch_%'`)).toEqual([]);
      expect(await tableNames(app)).toEqual(["members", "strata_version"]);
    }, 60_000);
  });
}
