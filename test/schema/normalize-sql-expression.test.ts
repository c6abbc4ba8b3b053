import { describe, expect, it } from "vitest";
import { normalizeSqlExpression, type ExpressionRules } from "../../src/schema/normalize-sql-expression";

const POSTGRES: ExpressionRules = { stripCasts: true, identifierCase: "fold-unquoted" };
const SQLITE: ExpressionRules = { bracketIdentifiers: true, identifierCase: "preserve" };

describe("normalizeSqlExpression", () => {
  it.each([
    // [what PostgreSQL prints back, what the entity said]
    [`((price > 0))`, `"price" > 0`],
    [`((price > 0) AND (price < 100))`, `"price" > 0 AND "price" < 100`],
    [`((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))`, `"status" IN ('a', 'b')`],
    [`("deletedAt" IS NULL)`, `"deletedAt" IS NULL`],
    [`((a)::text <> 'y'::text)`, `a <> 'y'`],
    [`(length((code)::text) > 0)`, `length("code") > 0`],
    [`((at)::timestamp with time zone > '2020-01-01 00:00:00+00'::timestamp with time zone)`, `"at" > '2020-01-01 00:00:00+00'`],
    // A generated column's expression: PostgreSQL groups every chain of one operator from the left.
    [`(((first_name)::text || ' '::text) || (last_name)::text)`, `"first_name" || ' ' || "last_name"`],
    [`((total + 1) >= (0)::numeric)`, `"total" + 1 >= 0`],
    [`((price * (quantity)::numeric) + fee)`, `price * quantity + fee`],
  ])("reads PostgreSQL's %s as the entity's %s", (printed, declared) => {
    expect(normalizeSqlExpression(printed, POSTGRES)).toBe(normalizeSqlExpression(declared, POSTGRES));
  });

  it("keeps the result valid SQL with the same meaning: names that need quotes keep them", () => {
    expect(normalizeSqlExpression(`("deletedAt" IS NULL)`, POSTGRES)).toBe(`"deletedAt" IS NULL`);
    expect(normalizeSqlExpression(`"order" > 0`, POSTGRES)).toBe(`"order" > 0`);
    expect(normalizeSqlExpression(`Price > 0`, POSTGRES)).toBe(`price > 0`);
    expect(normalizeSqlExpression(`[deletedAt] is null`, SQLITE)).toBe(`"deletedAt" IS NULL`);
    expect(normalizeSqlExpression(`LOWER("Name") = 'It''s'`, SQLITE)).toBe(`lower("Name") = 'It''s'`);
    expect(normalizeSqlExpression(`x = -1`, SQLITE)).toBe(`x = -1`);
  });

  it("never merges expressions that differ in meaning", () => {
    const a = normalizeSqlExpression(`(a > 0 OR b > 0) AND c > 0`, SQLITE);
    const b = normalizeSqlExpression(`a > 0 OR (b > 0 AND c > 0)`, SQLITE);
    expect(a).not.toBe(b);
    expect(normalizeSqlExpression(`"Name" = 'x'`, POSTGRES)).not.toBe(normalizeSqlExpression(`name = 'x'`, POSTGRES));
    expect(normalizeSqlExpression(`a = 'X'`, SQLITE)).not.toBe(normalizeSqlExpression(`a = 'x'`, SQLITE));
    // A group that is not the left of its chain, or binds looser than what follows, stays.
    expect(normalizeSqlExpression(`a - (b - c)`, SQLITE)).toBe(`a - (b - c)`);
    expect(normalizeSqlExpression(`x * (a + b)`, SQLITE)).toBe(`x * (a + b)`);
    expect(normalizeSqlExpression(`(a + b) * x`, SQLITE)).toBe(`(a + b) * x`);
    // `||` and `+` rank differently on the two dialects: neither is taken out of the other.
    expect(normalizeSqlExpression(`(a || b) + c`, POSTGRES)).toBe(`(a || b) + c`);
    expect(normalizeSqlExpression(`(a + b) || c`, POSTGRES)).toBe(`(a + b) || c`);
  });

  it("is idempotent", () => {
    for (const text of [`((status)::text = ANY (ARRAY['a'::text]))`, `(("x" > 1) AND (y IS NOT NULL))`, `lower(name) <> ''`]) {
      const once = normalizeSqlExpression(text, POSTGRES);
      expect(normalizeSqlExpression(once, POSTGRES)).toBe(once);
    }
  });
});
