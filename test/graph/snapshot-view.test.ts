import { describe, expect, it } from "vitest";
import { ResolutionError, UsageError, ValidationError } from "../../src/errors";
import { planSquash } from "../../src/graph/plan-squash";
import { RevisionGraph } from "../../src/graph/revision-graph";
import { A1, A2, A3, F1, F2, ids, pluginRevisions, rev, thrown } from "./revisions";

/** A snapshot of the app branch at A2: the plugin's base depends on A2, A3 builds on it. */
const S1 = "5a0000000001";
const snapshot = (id = S1, replaces = [A1, A2]) => rev(id, null, { replaces });
const A4 = "a00000000004";
const S2 = "5a0000000002";

const graphOf = (revisions = [...pluginRevisions(), snapshot()], applied?: ReadonlySet<string>) =>
  new RevisionGraph(revisions, "app", applied);

describe("snapshots in the revision graph", () => {
  it("without a database, the snapshot stands for what it replaces and links to them point at it", () => {
    const graph = graphOf();
    expect(ids(graph.all())).toEqual([S1, A3, F1, F2]);
    expect(graph.get(A3).downRevisions).toEqual([S1]);
    expect(graph.get(F1).dependsOn).toEqual([S1]);
    expect(ids(graph.upgradePlan(new Set(), "heads"))).toEqual([S1, A3, F1, F2]);
    expect(graph.replacedBy(A1)).toBe(S1);
  });

  it("keeps the history for a database that recorded part of it while every file is there", () => {
    const graph = graphOf(undefined, new Set([A1]));
    expect(ids(graph.all())).toEqual([A1, A2, A3, F1, F2]);
    expect(ids(graph.upgradePlan(graph.appliedOf(new Set([A1])), "heads"))).toEqual([A2, A3, F1, F2]);
  });

  it("points a revision written on the snapshot at the squashed revision when the history is used", () => {
    const graph = graphOf([...pluginRevisions(), snapshot(), rev(A4, S1)], new Set([A1, A2]));
    expect(graph.get(A4).downRevisions).toEqual([A2]);
  });

  it("counts the snapshot as applied where the history's rows are and its files are gone", () => {
    const revisions = [rev(A3, A2), rev(F1, null, { branch: "fsm", dependsOn: [A2] }), snapshot()];
    const recorded = new Set([A1, A2, A3]);
    const graph = graphOf(revisions, recorded);
    const applied = graph.appliedOf(recorded);
    expect([...applied].sort()).toEqual([S1, A3].sort());
    expect(ids(graph.upgradePlan(applied, "heads"))).toEqual([F1]);
    // A downgrade below the snapshot runs its down() (and removes the rows it stands for).
    expect(ids(graph.downgradePlan(applied, "app@base").revisions)).toEqual([A3, S1]);
  });

  it("refuses a database partway through the history once some of its files are gone", () => {
    const error = thrown(() => graphOf([rev(A3, A2), snapshot()], new Set([A1])));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(`partway through the history that snapshot ${S1}`);
    expect(error.message).toContain(`${A2} not applied yet`);
    expect(error.message).toContain("Restore the deleted revision files");
  });

  it("names the snapshot when a replaced revision is asked for", () => {
    const error = thrown(() => graphOf().resolve(A1));
    expect(error).toBeInstanceOf(ResolutionError);
    expect(error.message).toContain(`squashed into snapshot ${S1}`);
  });

  it("a second squash replaces the first snapshot and everything it replaced", () => {
    const plan = planSquash(graphOf([...pluginRevisions(), snapshot()]), `app@${A3}`);
    expect(plan.replaces).toEqual([A1, A2, S1, A3]);
    expect(plan.dependsOn).toEqual([]);
    const again = graphOf([...pluginRevisions(), snapshot(), rev(S2, null, { replaces: plan.replaces })]);
    expect(ids(again.all())).toEqual([S2, F1, F2]);
    expect(again.get(F1).dependsOn).toEqual([S2]);
    // A database built from the first snapshot counts as having the second.
    expect([...again.appliedOf(new Set([S1, A3]))]).toEqual([S2]);
  });

  it("plans a plugin branch's squash with the app revisions it depends on", () => {
    const plan = planSquash(graphOf(pluginRevisions()), "fsm@head");
    expect(plan.replaces).toEqual([F1, F2]);
    expect(plan.dependsOn).toEqual([A2]);
    expect(plan.branchLabels).toEqual(["fsm"]);
  });

  it("refuses a squash that would strand a fork, or has nothing below it", () => {
    const forked = graphOf([...pluginRevisions(), rev(A4, A2)]);
    expect(thrown(() => planSquash(forked, `app@${A3}`)).message).toContain(`Revision ${A4} builds on ${A2}, below ${A3}`);
    expect(thrown(() => planSquash(graphOf(pluginRevisions()), `app@${A1}`))).toBeInstanceOf(UsageError);
    expect(thrown(() => planSquash(graphOf(pluginRevisions()), "heads")).message).toContain("squash takes L@REV or L@head");
    // A3 depends on the plugin's F1, which depends on A2: a snapshot at A3 would sit on both sides of F1.
    const tangled = graphOf([rev(A1, null), rev(A2, A1), rev(F1, null, { branch: "fsm", dependsOn: [A2] }), rev(A3, A2, { dependsOn: [F1] })]);
    expect(thrown(() => planSquash(tangled, `app@${A3}`)).message).toContain(`depends on ${F1}, which itself builds on that history`);
  });
});
