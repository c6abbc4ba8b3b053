import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/diff";
import { invertAll } from "../../src/operations";
import type { ColumnModel, EnumModel, SchemaModel, TableModel } from "../../src/schema/model";
import { column, fk, id, schema, table } from "./builders";
import { canonical, simulate } from "./simulate";

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** A random schema over a small fixed vocabulary, so two of them overlap a lot. */
function randomSchema(seed: number): SchemaModel {
  const r = random(seed);
  const enums: EnumModel[] = ["e1", "e2"].filter(() => r.chance(0.6)).map((name) => ({
    name,
    values: ["x", "y", "z"].filter(() => r.chance(0.7)),
  }));
  const names = ["a", "b", "c", "d"].filter(() => r.chance(0.6));
  const tables: TableModel[] = names.map((name) => {
    const optional: ColumnModel[] = ["c1", "c2", "c3"].filter(() => r.chance(0.6)).map((c) =>
      column(c, r.pick(["integer", "bigint", "varchar", "text"]), { nullable: r.chance(0.5), ...(r.chance(0.3) ? { length: r.pick([10, 50]) } : {}) }),
    );
    if (enums.length > 0 && r.chance(0.4)) {
      const e = r.pick(enums);
      optional.push(column("mood", "enum", { enumName: e.name, enumValues: e.values }));
    }
    const columnNames = optional.map((c) => c.name);
    const some = () => r.pick(columnNames);
    return table(name, [id(), ...optional], {
      primaryKey: columnNames.includes("c1") && r.chance(0.3) ? ["id", "c1"] : ["id"],
      indexes: columnNames.length > 0 && r.chance(0.4) ? [((c) => ({ name: `IDX_${name}_${c}`, columns: [c], unique: r.chance(0.5) }))(some())] : [],
      uniques: columnNames.length > 0 && r.chance(0.3) ? [((c) => ({ name: `UQ_${name}_${c}`, columns: [c, "id"] }))(some())] : [],
      checks: r.chance(0.3) ? [{ name: `CHK_${name}`, expression: r.pick(["id > 0", "id < 100"]) }] : [],
    });
  });
  // Keys may point at any column of any table (itself included), so that the order of
  // column changes, table creation and key creation all matter.
  return schema(
    tables.map((t) => {
      const own = t.columns.filter((c) => c.name !== "id");
      if (own.length === 0 || !r.chance(0.5)) return t;
      const [from, target] = [r.pick(own).name, r.pick(tables)];
      const to = r.pick(target.columns).name;
      return { ...t, foreignKeys: [fk(`FK_${t.name}_${from}_${target.name}_${to}`, [from], target.name, [to], { onDelete: r.pick(["CASCADE", "NO ACTION"]) })] };
    }),
    enums,
  );
}

describe("diffSchemas on random pairs of schemas", () => {
  it("always produces a list that runs forwards to the target and, inverted, back to the start", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const from = randomSchema(seed * 2);
      const to = randomSchema(seed * 2 + 1);
      const ops = diffSchemas(from, to);
      try {
        expect(canonical(simulate(from, ops))).toEqual(canonical(to));
        expect(canonical(simulate(to, invertAll(ops)))).toEqual(canonical(from));
        expect(diffSchemas(simulate(from, ops), to)).toEqual([]);
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});
