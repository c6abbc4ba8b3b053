import { describe, expect, it } from "vitest";
import { GraphError, ResolutionError } from "../../src/errors";
import { CycleError } from "../../src/graph/cycle-error";
import { RevisionGraph } from "../../src/graph/revision-graph";
import { A1, A2, A3, F1, F2, ids, pluginGraph, pluginRevisions, rev, thrown } from "./revisions";

describe("RevisionGraph construction", () => {
  it("orders parents and dependencies first, one branch after the other", () => {
    expect(ids(pluginGraph().all())).toEqual([A1, A2, A3, F1, F2]);
  });

  it("keeps each branch in one run whatever order the files came in", () => {
    const graph = new RevisionGraph([...pluginRevisions()].reverse());
    expect(ids(graph.all())).toEqual([A1, A2, A3, F1, F2]);
  });

  it("refuses a duplicate id, naming both files", () => {
    const a = rev(A1, null);
    const b = { ...rev(A1, null, { branch: "fsm" }) };
    const error = thrown(() => new RevisionGraph([a, b]));
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toContain(A1);
    expect(error.message).toContain(a.file);
    expect(error.message).toContain(b.file);
  });

  it("refuses an unknown downRevision or dependsOn, naming the file", () => {
    const orphan = rev(A2, "a0000000dead");
    const error = thrown(() => new RevisionGraph([rev(A1, null), orphan]));
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toContain(orphan.file);
    expect(error.message).toContain("downRevision a0000000dead");

    const dependent = rev(F1, null, { branch: "fsm", dependsOn: ["a0000000beef"] });
    const second = thrown(() => new RevisionGraph([rev(A1, null), dependent]));
    expect(second).toBeInstanceOf(GraphError);
    expect(second.message).toContain(dependent.file);
    expect(second.message).toContain("dependsOn a0000000beef");
  });

  it("refuses a downRevision cycle, naming the revisions", () => {
    const error = thrown(() => new RevisionGraph([rev(A1, null), rev(A2, A3), rev(A3, A2)]));
    expect(error).toBeInstanceOf(CycleError);
    expect((error as CycleError).revisions.slice().sort()).toEqual([A2, A3]);
    expect(error.message).toMatch(/cycle/);
    expect(error.message).toContain(`${A2} -> ${A3}`);
  });

  it("refuses a cycle closed through dependsOn", () => {
    const error = thrown(() => new RevisionGraph([rev(A1, null, { dependsOn: [A2] }), rev(A2, A1)]));
    expect(error).toBeInstanceOf(CycleError);
    expect((error as CycleError).revisions.slice().sort()).toEqual([A1, A2]);
  });

  it("refuses one branch label on two revisions of different branches", () => {
    const error = thrown(() =>
      new RevisionGraph([rev(A1, null), rev(A2, A1, { labels: ["fsm"] }), rev(F1, null, { branch: "fsm" })]),
    );
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toContain("Branch label fsm");
    expect(error.message).toContain(A2);
    expect(error.message).toContain(F1);
  });

  it("refuses two bases in one directory, explaining where the label came from", () => {
    const error = thrown(() => new RevisionGraph([rev(A1, null), rev(A2, null)]));
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toContain("directory's label");
  });

  it("refuses a label that could never be named as a target", () => {
    expect(() => new RevisionGraph([rev(A1, null, { labels: ["heads"] })])).toThrow(/reserved/);
  });
});

describe("RevisionGraph lookup", () => {
  const graph = pluginGraph();

  it("resolves a full id, a unique prefix and an upper-case prefix", () => {
    expect(graph.resolve(F2).id).toBe(F2);
    const unique = new RevisionGraph([rev("3c9d0a1b2c3d", null), rev("7e1f00000000", "3c9d0a1b2c3d")]);
    expect(unique.resolve("3c9d").id).toBe("3c9d0a1b2c3d");
    expect(unique.resolve("7E1F").id).toBe("7e1f00000000");
  });

  it("refuses an ambiguous prefix, listing the candidates", () => {
    const error = thrown(() => graph.resolve("a000"));
    expect(error).toBeInstanceOf(ResolutionError);
    expect((error as ResolutionError).candidates).toEqual([A1, A2, A3]);
    expect(error.message).toContain("ambiguous");
    expect(error.message).toContain(A3);
  });

  it("refuses an unknown id, a short prefix, and hints at L@head for a label", () => {
    expect(() => graph.resolve("b000")).toThrow(ResolutionError);
    expect(() => graph.resolve("a00")).toThrow(/at least 4/);
    expect(() => graph.resolve("fsm")).toThrow(/fsm@head/);
    expect(() => graph.get("b00000000000")).toThrow(ResolutionError);
    const hexLabel = new RevisionGraph([rev(A1, null), rev(A2, A1, { labels: ["cafe"] })]);
    expect(() => hexLabel.resolve("cafe")).toThrow(/cafe is a branch label: did you mean cafe@head/);
  });

  it("resolves head forms and labelled ids with resolveOne", () => {
    expect(graph.resolveOne("fsm@head").id).toBe(F2);
    expect(graph.resolveOne(`app@${A2}`).id).toBe(A2);
    expect(() => graph.resolveOne(`fsm@${A2}`)).toThrow(/not on branch fsm/);
    expect(() => graph.resolveOne("head")).toThrow(/app@head or fsm@head/);
    expect(() => graph.resolveOne("heads")).toThrow(/single revision/);
  });
});

describe("RevisionGraph shape", () => {
  const graph = pluginGraph();

  it("lists heads, bases and branches", () => {
    expect(ids(graph.heads())).toEqual([A3, F2]);
    expect(ids(graph.bases())).toEqual([A1, F1]);
    expect(graph.branches().map((b) => ({ label: b.label, base: b.base.id, heads: ids(b.heads) }))).toEqual([
      { label: "app", base: A1, heads: [A3] },
      { label: "fsm", base: F1, heads: [F2] },
    ]);
    expect(ids(graph.headsOf("fsm"))).toEqual([F2]);
    expect(() => graph.headsOf("billing")).toThrow(/Unknown branch billing/);
  });

  it("propagates labels along downRevision but not along dependsOn", () => {
    expect(graph.branchesOf(A3)).toEqual(["app"]);
    expect(graph.branchesOf(F2)).toEqual(["fsm"]);
  });

  it("gives a merge revision the union of its parents' labels", () => {
    const merged = new RevisionGraph([
      rev(A1, null),
      rev(F1, null, { branch: "fsm" }),
      rev("e00000000001", [A1, F1], { message: "merge" }),
    ]);
    expect(merged.branchesOf("e00000000001")).toEqual(["app", "fsm"]);
    expect(ids(merged.heads())).toEqual(["e00000000001"]);
  });

  it("lets a label start mid-branch and names it as the revision's branch", () => {
    const forked = new RevisionGraph([rev(A1, null), rev(A2, A1, { labels: ["reports"] }), rev(A3, A2)]);
    expect(forked.branchesOf(A3)).toEqual(["app", "reports"]);
    expect(forked.branchOf(A3)).toBe("reports");
    expect(forked.baseOf("reports")?.id).toBe(A2);
  });

  it("knows the app branch before its first revision", () => {
    const empty = new RevisionGraph([], "core");
    expect(empty.labels()).toEqual(["core"]);
    expect(empty.headsOf("core")).toEqual([]);
    expect(empty.branches()).toEqual([]);
  });

  it("computes applied heads through downRevision only (Alembic #1806)", () => {
    // The plugin's base depends on the app head: Alembic reported only the plugin head.
    const dependsOnHead = new RevisionGraph([
      rev(A1, null),
      rev(A2, A1),
      rev(F1, null, { branch: "fsm", dependsOn: [A2] }),
    ]);
    expect(ids(dependsOnHead.appliedHeads(new Set([A1, A2, F1])))).toEqual([A2, F1]);
    expect(ids(graph.appliedHeads(new Set([A1, A2])))).toEqual([A2]);
    expect(ids(graph.appliedHeads(new Set(["0000deadbeef"])))).toEqual([]);
  });
});

describe("RevisionGraph.history", () => {
  const graph = pluginGraph();

  it("lists everything newest first", () => {
    expect(ids(graph.history())).toEqual([F2, F1, A3, A2, A1]);
  });

  it("takes Alembic -r ranges with either side open", () => {
    expect(ids(graph.history(`${A2}:`))).toEqual([A3, A2]);
    expect(ids(graph.history(`:${A2}`))).toEqual([A2, A1]);
    expect(ids(graph.history(`${A1}:${A3}`))).toEqual([A3, A2, A1]);
    expect(ids(graph.history("base:fsm@head"))).toEqual([F2, F1]);
    expect(ids(graph.history("fsm@base:"))).toEqual([F2, F1]);
    expect(ids(graph.history("base:heads"))).toEqual([F2, F1, A3, A2, A1]);
  });

  it("refuses a reversed range and a missing colon", () => {
    expect(() => graph.history(`${A3}:${A1}`)).toThrow(/not an ancestor/);
    expect(() => graph.history(A2)).toThrow(/not a range/);
    expect(() => graph.history("-2:")).toThrow(/relative/);
  });
});
