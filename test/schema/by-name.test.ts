import { describe, expect, it } from "vitest";
import { byCodePoint, byName } from "../../src/schema/by-name";

describe("code point order", () => {
  it("orders names as `<` does, not as the locale collates them: capitals first, accented letters after z", () => {
    const names = ["beta", "Beta", "älpha", "alpha", "_x", "Zeta"];
    expect([...names].sort(byCodePoint)).toEqual(["Beta", "Zeta", "_x", "alpha", "beta", "älpha"]);
    // The locale's collation puts them otherwise: the order no longer depends on it.
    expect([...names].sort((a, b) => a.localeCompare(b, "en"))).not.toEqual([...names].sort(byCodePoint));
    expect([{ name: "b" }, { name: "B" }].sort(byName).map((t) => t.name)).toEqual(["B", "b"]);
  });
});
