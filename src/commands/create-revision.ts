import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { StrataConfig } from "../config/types";
import { UsageError } from "../errors";
import { renderTemplate } from "../render/render-template";
import { loadGraph } from "../runtime/load-graph";

export interface CreateRevisionOptions {
  readonly message: string;
  readonly head?: string;
  readonly branchLabel?: string;
  readonly splice?: boolean;
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
}

export interface CreatedRevision {
  readonly revision: string;
  readonly branch: string;
  readonly file: string;
}

const REVISION_ID = /^[0-9a-f]{12}$/;

export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}

/** `<revision>_<slug>.ts`: the message, lower case, words joined by `_`. */
export function revisionFileName(revision: string, message: string): string {
  const slug = message.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
  return `${revision}_${slug || "revision"}.ts`;
}

/**
 * How a revision file imports strata's types: "strata" for users, a relative path to
 * src/ inside this repository (whose package is strata itself).
 */
export function importPathFor(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const manifest = join(at, "package.json");
    if (existsSync(manifest)) {
      if (JSON.parse(readFileSync(manifest, "utf8")).name !== "strata") return "strata";
      const path = relative(dir, join(at, "src")).split(sep).join("/");
      return path.startsWith(".") ? path : `./${path}`;
    }
    if (dirname(at) === at) return "strata";
  }
}

export function directoryOf(config: StrataConfig, branch: string): string {
  const entry = config.branchDirectories.find((b) => b.branch === branch);
  if (!entry) {
    const known = config.branchDirectories.map((b) => b.branch).join(", ");
    throw new UsageError(`No branch "${branch}" in the configuration (known: ${known}). Add the plugin to the config first.`);
  }
  return entry.dir;
}

/** Writes a hand-written revision template on the chosen head (SPEC §4 `revision`). */
export function createRevision(config: StrataConfig, options: CreateRevisionOptions): CreatedRevision {
  const revision = options.revId ?? newRevisionId();
  if (!REVISION_ID.test(revision)) throw new UsageError(`--rev-id ${revision} must be 12 lowercase hex characters.`);
  const graph = loadGraph(config);
  if (graph.all().some((r) => r.id === revision)) throw new UsageError(`Revision ${revision} already exists: choose another --rev-id.`);
  const parents = graph.newRevisionParents({
    head: options.head,
    branchLabel: options.branchLabel,
    splice: options.splice,
    dependsOn: options.dependsOn,
  });
  const dir = directoryOf(config, parents.branch);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, revisionFileName(revision, options.message));
  const text = renderTemplate({
    revision,
    downRevision: parents.downRevision,
    branchLabels: parents.branchLabels,
    dependsOn: parents.dependsOn,
    message: options.message,
    importFrom: importPathFor(dir),
  });
  writeFileSync(file, text, { flag: "wx" });
  return { revision, branch: parents.branch, file };
}

/** A merge revision joining heads of one branch (`merge REV REV…` or `merge L`). */
export function createMerge(config: StrataConfig, revs: readonly string[], message: string, revId?: string): CreatedRevision {
  const graph = loadGraph(config);
  const parents = graph.mergeParents([...revs]);
  const revision = revId ?? newRevisionId();
  const branch = graph.get(parents[0]!).directoryBranch;
  const dir = directoryOf(config, branch);
  const file = join(dir, revisionFileName(revision, message));
  writeFileSync(
    file,
    renderTemplate({ revision, downRevision: [...parents], message, importFrom: importPathFor(dir) }),
    { flag: "wx" },
  );
  return { revision, branch, file };
}
