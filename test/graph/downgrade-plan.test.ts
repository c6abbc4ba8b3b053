import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors";
import { RevisionGraph } from "../../src/graph/revision-graph";
import { A1, A2, A3, F1, F2, ids, pluginGraph, rev, thrown } from "./revisions";

const all = new Set([A1, A2, A3, F1, F2]);

function plan(graph: RevisionGraph, applied: ReadonlySet<string>, target: string) {
  const { revisions, dependents } = graph.downgradePlan(applied, target);
  return { revisions: ids(revisions), dependents: ids(dependents) };
}

describe("downgradePlan", () => {
  const graph = pluginGraph();

  it("L@-N reverts one branch and leaves the other alone", () => {
    expect(plan(graph, all, "fsm@-1")).toEqual({ revisions: [F2], dependents: [] });
    expect(plan(graph, all, "app@-1")).toEqual({ revisions: [A3], dependents: [] });
  });

  it("takes down the plugin revisions that depend on a reverted app revision, first", () => {
    expect(plan(graph, all, "app@-2")).toEqual({ revisions: [F2, F1, A3, A2], dependents: [F2, F1] });
  });

  it("refuses a bare -N that would move two branches, naming the L@-N forms", () => {
    const error = thrown(() => graph.downgradePlan(all, "-1"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain("more than one branch");
    expect(error.message).toContain("app@-1 or fsm@-1");
  });

  it("takes a bare -N when one branch is applied", () => {
    expect(plan(graph, new Set([A1, A2, A3]), "-2")).toEqual({ revisions: [A3, A2], dependents: [] });
    expect(plan(graph, new Set(), "-1")).toEqual({ revisions: [], dependents: [] });
  });

  it("refuses -N past the base", () => {
    const error = thrown(() => graph.downgradePlan(all, "fsm@-3"));
    expect(error.message).toContain("only 2 applied revisions on fsm");
    expect(error.message).toContain("fsm@base");
  });

  it("refuses -N across a merge, which has two ways down", () => {
    const merged = new RevisionGraph([rev(A1, null), rev(A2, A1), rev(A3, A1), rev("a00000000004", [A2, A3])]);
    const applied = new Set([A1, A2, A3, "a00000000004"]);
    expect(plan(merged, applied, "-1").revisions).toEqual(["a00000000004"]);
    expect(() => merged.downgradePlan(applied, "-2")).toThrow(/merges/);
  });

  it("L@base reverts that branch only; base reverts everything", () => {
    expect(plan(graph, all, "fsm@base")).toEqual({ revisions: [F2, F1], dependents: [] });
    expect(plan(graph, all, "app@base")).toEqual({ revisions: [F2, F1, A3, A2, A1], dependents: [F2, F1] });
    expect(plan(graph, all, "base")).toEqual({ revisions: [F2, F1, A3, A2, A1], dependents: [] });
  });

  it("a revision target reverts its applied descendants and keeps it", () => {
    expect(plan(graph, all, "a00000000002")).toEqual({ revisions: [A3], dependents: [] });
    expect(plan(graph, all, A1)).toEqual({ revisions: [F2, F1, A3, A2], dependents: [F2, F1] });
    expect(plan(graph, all, F2)).toEqual({ revisions: [], dependents: [] });
  });

  it("refuses a revision that is not applied, and upgrade targets", () => {
    expect(() => graph.downgradePlan(new Set([A1]), A3)).toThrow(/not applied/);
    expect(() => graph.downgradePlan(all, "heads")).toThrow(/upgrade target/);
    expect(() => graph.downgradePlan(all, "+1")).toThrow(/strata upgrade \+1/);
  });

  it("reverts what depends on a branch's revision through a dependent's own children", () => {
    // The plugin's second revision depends on the app head; reverting the app head takes
    // it down, and F3 (its child) with it, but leaves F1 applied.
    const F3 = "f00000000003";
    const deep = new RevisionGraph([
      rev(A1, null),
      rev(A2, A1),
      rev(F1, null, { branch: "fsm" }),
      rev(F2, F1, { branch: "fsm", dependsOn: [A2] }),
      rev(F3, F2, { branch: "fsm" }),
    ]);
    const applied = new Set([A1, A2, F1, F2, F3]);
    expect(plan(deep, applied, "app@-1")).toEqual({ revisions: [F3, F2, A2], dependents: [F3, F2] });
  });
});
