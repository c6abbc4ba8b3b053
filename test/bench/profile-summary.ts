import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { REPO_ROOT } from "./bench-workspace";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly fn: string;
  readonly where: string;
  /** Share of all sampled time spent in the function itself. */
  readonly self: number;
  /** Share of all sampled time with the function on the stack. */
  readonly total: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time per area: strata's src, typeorm, the TypeScript compiler, drivers, Node, GC, idle. */
  readonly areas: readonly { readonly area: string; readonly share: number }[];
  readonly bySelf: readonly ProfileLine[];
  /** strata's own functions by inclusive time: where strata's share goes. */
  readonly strataByTotal: readonly ProfileLine[];
}

function where(url: string, line: number): string {
  if (!url) return "";
  const path = url.startsWith("file://") ? new URL(url).pathname : url;
  const shown = path.startsWith(REPO_ROOT) ? relative(REPO_ROOT, path) : path;
  return `${shown.replace(/^.*node_modules\//, "node_modules/")}:${line + 1}`;
}

function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.includes("/node_modules/typeorm/")) return "typeorm";
  if (url.includes("/node_modules/typescript/")) return "typescript (transpiling)";
  if (/\/node_modules\/(pg|pg-[a-z-]+|sqlite3|better-sqlite3)\//.test(url)) return "database driver";
  if (url.includes("/node_modules/")) return "other packages";
  if (url.startsWith("node:")) return "node";
  if (url.includes("/src/")) return "strata src";
  return "bench and loaded files";
}

/** Reads a `node --cpu-prof` profile and ranks functions by self and inclusive time. */
export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  // timeDeltas[i + 1] is the time until the next sample: the time sample i stands for.
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    totalUs += delta;
  });
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"}\u0000${where(n.callFrame.url, n.callFrame.lineNumber)}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const areas = new Map<string, number>();
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  // Depth-first with the keys on the path, so recursion is counted once per stack.
  const stack: { node: ProfileNode; path: Set<string> }[] = profile.nodes.filter((n) => !childIds.has(n.id)).map((node) => ({ node, path: new Set<string>() }));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const key = keyOf(node);
    const time = selfUs.get(node.id) ?? 0;
    const onPath = new Set(path).add(key);
    self.set(key, (self.get(key) ?? 0) + time);
    areas.set(areaOf(node), (areas.get(areaOf(node)) ?? 0) + time);
    for (const k of onPath) total.set(k, (total.get(k) ?? 0) + time);
    for (const child of node.children ?? []) {
      const next = byId.get(child);
      if (next) stack.push({ node: next, path: onPath });
    }
  }
  const line = (key: string): ProfileLine => {
    const [fn, at] = key.split("\u0000");
    return { fn, where: at, self: (self.get(key) ?? 0) / totalUs, total: (total.get(key) ?? 0) / totalUs };
  };
  const ranked = (values: Map<string, number>, keep: (key: string) => boolean) =>
    [...values.entries()].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]).slice(0, top).map(([k]) => line(k));
  const isStrata = (key: string) => key.split("\u0000")[1].startsWith("src/");
  return {
    totalMs: totalUs / 1000,
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, share: us / totalUs })),
    bySelf: ranked(self, (k) => !k.startsWith("(idle)") && !k.startsWith("(program)")),
    strataByTotal: ranked(total, isStrata),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;

export function profileText(title: string, summary: ProfileSummary): string {
  return [
    `${title}: ${summary.totalMs.toFixed(0)} ms sampled`,
    `  by area (self time): ${summary.areas.filter((a) => a.share >= 0.01).map((a) => `${a.area} ${(a.share * 100).toFixed(0)} %`).join(", ")}`,
    `  top functions by self time:`,
    ...summary.bySelf.map((l) => `    ${pct(l.self)} self ${pct(l.total)} total  ${l.fn}  ${l.where}`),
    `  strata functions by inclusive time:`,
    ...summary.strataByTotal.map((l) => `    ${pct(l.total)} total ${pct(l.self)} self  ${l.fn}  ${l.where}`),
    "",
  ].join("\n");
}
