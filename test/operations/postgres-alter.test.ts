import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DataSource } from "typeorm";
import { alterColumn, alterEnum, alterPrimaryKey, createEnum, dropEnum } from "../../src/operations/apply";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/dialects";
import { connect, runLikeStrata, withQueryRunner } from "./harness";

/** strata's PostgreSQL column and enum changes against a real server (CI always runs them). */
describe.skipIf(!DIALECTS.includes("postgres"))("PostgreSQL alterColumn and enum types", () => {
  let db: TestDatabase;
  let ds: DataSource;

  const enumValues = async (name: string) =>
    (await ds.query(`SELECT enumlabel AS v FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`, [name])).map(
      (r: { v: string }) => r.v,
    );
  const columnInfo = async (column: string) =>
    (
      await ds.query(
        `SELECT udt_name AS type, is_nullable AS nullable, column_default AS "default", is_identity AS identity,
                col_description('"pet"'::regclass, ordinal_position) AS comment
           FROM information_schema.columns WHERE table_name = 'pet' AND column_name = $1`,
        [column],
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase("postgres", "pg alter");
    ds = await connect(db);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await ds.query(`DROP TABLE IF EXISTS "pet"; DROP TYPE IF EXISTS "mood"; DROP TYPE IF EXISTS "pet_kind_enum"`);
    await ds.query(`CREATE TYPE "mood" AS ENUM ('happy', 'sad')`);
    await ds.query(`CREATE TABLE "pet" ("id" integer NOT NULL, "kind" varchar(20) NOT NULL, "mood" "mood" NOT NULL DEFAULT 'happy', "moods" "mood"[], "weight" integer)`);
    await ds.query(`INSERT INTO "pet" VALUES (1, 'cat', 'sad', '{sad,happy}', 4), (2, 'dog', 'happy', NULL, 30)`);
  });

  it("adds an enum value inside a transaction by recreating the type, keeping rows, arrays and the default", async () => {
    await runLikeStrata(ds, async (qr) => {
      await alterEnum(qr, "mood", ["happy", "sad"], ["happy", "meh", "sad"]);
      // Usable at once, which ALTER TYPE … ADD VALUE would not allow before commit.
      await qr.query(`UPDATE "pet" SET "mood" = 'meh' WHERE "id" = 2`);
    });
    expect(await enumValues("mood")).toEqual(["happy", "meh", "sad"]);
    expect(await ds.query(`SELECT "mood", "moods" FROM "pet" ORDER BY "id"`)).toEqual([
      { mood: "sad", moods: "{sad,happy}" },
      { mood: "meh", moods: null },
    ]);
    expect((await columnInfo("mood")).default).toBe("'happy'::mood");
    // The retired type is gone.
    expect(await ds.query(`SELECT typname FROM pg_type WHERE typname LIKE 'mood%' ORDER BY 1`)).toEqual([{ typname: "mood" }]);
  });

  it("adds values in place with ALTER TYPE … ADD VALUE outside a transaction", async () => {
    const oid = async () => (await ds.query(`SELECT 'mood'::regtype::oid AS oid`))[0].oid;
    const before = await oid();
    await withQueryRunner(ds, (qr) => alterEnum(qr, "mood", ["happy", "sad"], ["ecstatic", "happy", "sad", "grim"]));
    expect(await enumValues("mood")).toEqual(["ecstatic", "happy", "sad", "grim"]);
    expect(await oid()).toBe(before);
  });

  it("removes a value no row uses, and refuses (rolling back) when rows still hold it", async () => {
    await expect(runLikeStrata(ds, (qr) => alterEnum(qr, "mood", ["happy", "sad"], ["happy"]))).rejects.toThrow(/invalid input value for enum mood: "sad"/);
    expect(await enumValues("mood")).toEqual(["happy", "sad"]);
    await ds.query(`UPDATE "pet" SET "mood" = 'happy', "moods" = NULL`);
    await runLikeStrata(ds, (qr) => alterEnum(qr, "mood", ["happy", "sad"], ["happy"]));
    expect(await enumValues("mood")).toEqual(["happy"]);
  });

  it("creates and drops enum types", async () => {
    await runLikeStrata(ds, (qr) => createEnum(qr, { name: "size", values: ["s", "m", "it's large"] }));
    expect(await enumValues("size")).toEqual(["s", "m", "it's large"]);
    await runLikeStrata(ds, (qr) => dropEnum(qr, "size"));
    expect(await ds.query(`SELECT to_regtype('size') AS t`)).toEqual([{ t: null }]);
  });

  it("turns a varchar into an enum it creates, casting through text", async () => {
    const from = { name: "kind", type: "varchar", length: 20, nullable: false };
    const to = { name: "kind", type: "enum", nullable: false, enumValues: ["cat", "dog", "eel"] };
    await runLikeStrata(ds, (qr) => alterColumn(qr, "pet", from, to));
    expect((await columnInfo("kind")).type).toBe("pet_kind_enum");
    expect(await enumValues("pet_kind_enum")).toEqual(["cat", "dog", "eel"]);
    expect(await ds.query(`SELECT "kind"::text AS kind FROM "pet" ORDER BY "id"`)).toEqual([{ kind: "cat" }, { kind: "dog" }]);
    await runLikeStrata(ds, (qr) => alterColumn(qr, "pet", to, from));
    expect((await columnInfo("kind")).type).toBe("varchar");
  });

  it("changes nullability, default and comment in place", async () => {
    const from = { name: "weight", type: "integer", nullable: true };
    const to = { name: "weight", type: "numeric", precision: 6, scale: 2, nullable: false, default: "0", comment: "in kg, it's rounded" };
    await runLikeStrata(ds, (qr) => alterColumn(qr, "pet", from, to));
    expect(await columnInfo("weight")).toMatchObject({ type: "numeric", nullable: "NO", default: "'0'::numeric", comment: "in kg, it's rounded" });
    expect(await ds.query(`SELECT "weight" FROM "pet" ORDER BY "id"`)).toEqual([{ weight: "4.00" }, { weight: "30.00" }]);
    await runLikeStrata(ds, (qr) => alterColumn(qr, "pet", to, from));
    expect(await columnInfo("weight")).toMatchObject({ type: "int4", nullable: "YES", default: null, comment: null });
  });

  it("adds and drops an identity, and refuses generation changes it cannot make", async () => {
    const plain = { name: "id", type: "integer", nullable: false };
    const identity = { ...plain, generated: "identity" as const };
    await runLikeStrata(ds, (qr) => alterColumn(qr, "pet", plain, identity));
    expect((await columnInfo("id")).identity).toBe("YES");
    await runLikeStrata(ds, (qr) => alterColumn(qr, "pet", identity, plain));
    expect((await columnInfo("id")).identity).toBe("NO");
    await expect(runLikeStrata(ds, (qr) => alterColumn(qr, "pet", plain, { ...plain, generated: "increment" }))).rejects.toThrow(
      /Changing how pet\.id is generated \(not generated → increment\)/,
    );
  });

  it("moves the primary key", async () => {
    const key = async () =>
      (await ds.query(`SELECT a.attname AS c FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '"pet"'::regclass AND i.indisprimary ORDER BY a.attname`)).map((r: { c: string }) => r.c);
    await runLikeStrata(ds, (qr) => alterPrimaryKey(qr, "pet", ["id"]));
    expect(await key()).toEqual(["id"]);
    await runLikeStrata(ds, (qr) => alterPrimaryKey(qr, "pet", ["id", "kind"]));
    expect(await key()).toEqual(["id", "kind"]);
    await runLikeStrata(ds, (qr) => alterPrimaryKey(qr, "pet", []));
    expect(await key()).toEqual([]);
  });
});
