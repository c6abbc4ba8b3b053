import { describe, expect, it } from "vitest";
import { A1, A2, A3, F1, F2, pluginGraph } from "./revisions";

const all = new Set([A1, A2, A3, F1, F2]);
const UNKNOWN = "0000deadbeef";

describe("stampPlan", () => {
  const graph = pluginGraph();

  it("stamp heads marks every head and its ancestors", () => {
    expect(graph.stampPlan(new Set(), "heads")).toEqual({ add: [A1, A2, A3, F1, F2], remove: [] });
  });

  it("stamp heads never removes another branch's rows, even ones the code does not know", () => {
    // Alembic's `stamp heads` replaced the version rows and dropped a plugin branch's row.
    expect(graph.stampPlan(new Set([A1, A2, F1, F2, UNKNOWN]), "heads")).toEqual({ add: [A3], remove: [] });
    expect(graph.stampPlan(all, "app@head")).toEqual({ add: [], remove: [] });
  });

  it("stamp <rev> marks it and its ancestors, dependsOn included", () => {
    expect(graph.stampPlan(new Set(), F1)).toEqual({ add: [A1, A2, F1], remove: [] });
  });

  it("stamping down to a revision removes its applied descendants and their dependents", () => {
    expect(graph.stampPlan(all, "a00000000002")).toEqual({ add: [], remove: [A3] });
    expect(graph.stampPlan(all, A1)).toEqual({ add: [], remove: [F2, F1, A3, A2] });
    expect(graph.stampPlan(all, F1)).toEqual({ add: [], remove: [F2] });
  });

  it("base removes everything; L@base that branch only", () => {
    expect(graph.stampPlan(new Set([...all, UNKNOWN]), "base")).toEqual({
      add: [],
      remove: [UNKNOWN, F2, F1, A3, A2, A1],
    });
    expect(graph.stampPlan(all, "fsm@base")).toEqual({ add: [], remove: [F2, F1] });
  });

  it("purge removes everything outside the target first", () => {
    expect(graph.stampPlan(new Set([...all, UNKNOWN]), "app@head", { purge: true })).toEqual({
      add: [],
      remove: [UNKNOWN, F2, F1],
    });
    expect(graph.stampPlan(new Set([UNKNOWN]), "heads", { purge: true })).toEqual({
      add: [A1, A2, A3, F1, F2],
      remove: [UNKNOWN],
    });
    expect(graph.stampPlan(all, "fsm@base", { purge: true }).remove).toEqual([F2, F1, A3, A2, A1]);
  });

  it("refuses relative targets and head with several heads", () => {
    expect(() => graph.stampPlan(all, "+1")).toThrow(/absolute target/);
    expect(() => graph.stampPlan(all, "head")).toThrow(/app@head or fsm@head/);
  });
});
