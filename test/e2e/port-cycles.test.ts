import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type DialectName, type TestDatabase } from "../support/dialects";
import { TestProject } from "../support/project";
import { queryDb } from "../support/query";

const ENTITIES = `
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";

@Entity("teams")
export class Team {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: 40 }) name: string;
  @ManyToOne(() => Player, { nullable: true }) @JoinColumn({ name: "captain_id" }) captain: unknown;
}

@Entity("players")
export class Player {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne(() => Team, { nullable: false }) @JoinColumn({ name: "team_id" }) team: unknown;
}

@Entity("nodes")
export class Node {
  @PrimaryGeneratedColumn() id: number;
  @ManyToOne(() => Node, { nullable: true }) @JoinColumn({ name: "parent_id" }) parent: unknown;
}
`;

const DIRECTIONS: [DialectName, DialectName][] = DIALECTS.length < 2 ? [] : [["sqlite", "postgres"], ["postgres", "sqlite"]];
const ROWS = 120;

describe.each(DIRECTIONS)("strata port of foreign-key cycles from %s to %s", (fromDialect, toDialect) => {
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  async function project(db: TestDatabase): Promise<TestProject> {
    const p = new TestProject(db);
    cleanup.push(() => p.remove(), () => db.drop());
    p.writeFile("entities.ts", ENTITIES);
    p.writeConfig("", `import { Team, Player, Node } from "./entities";`, "[Team, Player, Node]");
    return p;
  }

  it("copies a two-table cycle and a self-reference pointing forward, foreign keys on, and every link survives", async () => {
    const source = await project(await createTestDatabase(fromDialect, "port_cycle_src"));
    const target = await project(await createTestDatabase(toDialect, "port_cycle_dst"));
    const generated = await source.run(["revision", "--autogenerate", "-m", "teams"]);
    expect(generated.code, generated.stderr).toBe(0);
    const [file] = readdirSync(join(source.dir, "migrations"));
    target.writeFile(join("migrations", file!), readFileSync(join(source.dir, "migrations", file!), "utf8"));
    for (const p of [source, target]) expect((await p.run(["upgrade", "heads"])).code).toBe(0);

    const db = source.db;
    for (let i = 1; i <= ROWS; i++) {
      await queryDb(db, `INSERT INTO "teams" ("id", "name") VALUES (${i}, 'team ${i}')`);
      await queryDb(db, `INSERT INTO "players" ("id", "team_id") VALUES (${i}, ${i})`);
      await queryDb(db, `INSERT INTO "nodes" ("id") VALUES (${i})`);
    }
    // Captains point at players copied after their team; every node's parent comes after it.
    await queryDb(db, `UPDATE "teams" SET "captain_id" = "id" WHERE "id" % 2 = 0`);
    await queryDb(db, `UPDATE "nodes" SET "parent_id" = "id" + 1 WHERE "id" < ${ROWS}`);

    const run = await source.run(["port", "--from", source.db.url, "--to", target.db.url, "--batch-size", "25"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toMatch(/nodes \(foreign keys\): 119 rows/);
    const links = (d: TestDatabase) =>
      queryDb(d, `SELECT (SELECT COUNT(*) FROM "teams" WHERE "captain_id" = "id") AS captains, (SELECT COUNT(*) FROM "nodes" WHERE "parent_id" = "id" + 1) AS parents`);
    const [copied] = await links(target.db);
    expect({ captains: Number(copied!.captains), parents: Number(copied!.parents) }).toEqual({ captains: ROWS / 2, parents: ROWS - 1 });
  });
});
