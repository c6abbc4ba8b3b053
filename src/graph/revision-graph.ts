import { MultipleHeadsError, ResolutionError, UsageError } from "../errors";
import { checkRevisions } from "./check-revisions";
import { historyOf } from "./history-of";
import { mergeParents } from "./merge-parents";
import { newRevisionParents, type NewRevisionOptions, type NewRevisionParents } from "./new-revision-parents";
import { orList } from "./or-list";
import { planDowngrade, type DowngradePlan } from "./plan-downgrade";
import { planStamp, type StampOptions, type StampPlan } from "./plan-stamp";
import { planUpgrade } from "./plan-upgrade";
import type { LoadedRevision } from "./revision";
import { type SnapshotView, snapshotView } from "./snapshot-view";
import { parseTarget } from "./target";
import { topologicalOrder } from "./topological-order";

/** One branch label: the revision that declares it and the heads that carry it. */
export interface Branch {
  readonly label: string;
  readonly base: LoadedRevision;
  readonly heads: readonly LoadedRevision[];
}

export interface WalkOptions {
  /** Follow dependsOn links as well as downRevision (default: see each method). */
  readonly dependsOn?: boolean;
  /** Include the starting revisions themselves (default true). */
  readonly inclusive?: boolean;
}

const MIN_PREFIX = 4;

/**
 * The revisions of every branch as one validated graph (Alembic's RevisionMap). Pure: no
 * files, no database. Construction refuses duplicates, unknown parents or dependencies,
 * cycles and a label on two revisions. Labels propagate to descendants along downRevision
 * only: a dependsOn orders revisions across branches without making them one branch.
 * Lists come in topological order (parents and dependencies first) unless said otherwise.
 */
export class RevisionGraph {
  /** The app branch's label: known even before the app has a revision. */
  readonly appBranch: string;
  /** Every revision file loaded, snapshots and what they replace included. */
  readonly #loaded: readonly LoadedRevision[];
  readonly #view: SnapshotView;
  readonly #byId: ReadonlyMap<string, LoadedRevision>;
  readonly #order: readonly LoadedRevision[];
  readonly #position: ReadonlyMap<string, number>;
  readonly #children: ReadonlyMap<string, readonly LoadedRevision[]>;
  readonly #dependents: ReadonlyMap<string, readonly LoadedRevision[]>;
  readonly #labels: ReadonlyMap<string, readonly string[]>;
  readonly #labelOwners: ReadonlyMap<string, LoadedRevision>;

  /**
   * `applied`: the ids a database records, which decide for each snapshot whether the
   * graph uses it or the history it replaces (snapshot-view.ts); without a database,
   * snapshots are used.
   */
  constructor(loaded: readonly LoadedRevision[], appBranch = "app", applied?: ReadonlySet<string>) {
    this.appBranch = appBranch;
    this.#loaded = loaded;
    this.#view = snapshotView(loaded, applied);
    const revisions = this.#view.revisions;
    const { byId, labelOwners } = checkRevisions(revisions);
    this.#byId = byId;
    this.#labelOwners = labelOwners;
    this.#order = Object.freeze(topologicalOrder(revisions));
    // Indexed loops, here and in what builds a graph: each runs once per process over
    // every revision, mostly before the JIT compiles it, where for…of and callbacks cost most.
    const order = this.#order;
    const position = new Map<string, number>();
    for (let i = 0; i < order.length; i++) position.set(order[i].id, i);
    this.#position = position;
    // Only revisions that have children or dependents are keys: most of a long history has no dependents.
    const children = new Map<string, LoadedRevision[]>();
    const dependents = new Map<string, LoadedRevision[]>();
    const add = (links: Map<string, LoadedRevision[]>, id: string, revision: LoadedRevision) => {
      const list = links.get(id);
      if (list) list.push(revision);
      else links.set(id, [revision]);
    };
    const labels = new Map<string, readonly string[]>();
    const ownerPosition = (label: string) => position.get(labelOwners.get(label)!.id)!;
    for (let i = 0; i < order.length; i++) {
      const revision = order[i];
      const parents = revision.downRevisions;
      for (let k = 0; k < parents.length; k++) add(children, parents[k], revision);
      for (let k = 0; k < revision.dependsOn.length; k++) add(dependents, revision.dependsOn[k], revision);
      if (revision.branchLabels.length === 0 && parents.length === 1) {
        // A plain step on a branch carries its parent's labels: one shared list, not a copy per revision.
        labels.set(revision.id, labels.get(parents[0])!);
        continue;
      }
      const carried = new Set(revision.branchLabels);
      for (const parent of parents) for (const label of labels.get(parent)!) carried.add(label);
      labels.set(revision.id, [...carried].sort((a, b) => ownerPosition(a) - ownerPosition(b)));
    }
    this.#children = children;
    this.#dependents = dependents;
    this.#labels = labels;
  }

  /** This graph as a database recording `applied` sees it (itself when no snapshot is involved). */
  forDatabase(applied: ReadonlySet<string>): RevisionGraph {
    return this.#loaded.some((r) => r.replaces.length > 0) ? new RevisionGraph(this.#loaded, this.appBranch, applied) : this;
  }

  /** A database's applied ids in this graph's terms: replaced ids give way to the snapshot standing for them. */
  appliedOf(ids: ReadonlySet<string>): Set<string> {
    return this.#view.applied(ids);
  }

  /** The snapshot in use that stands for revision `id`, if one does. */
  replacedBy(id: string): string | undefined {
    return this.#view.replacedBy.get(id);
  }

  // ---- lookup ---------------------------------------------------------------------

  /** The revision with this exact id; see `has` to ask, `resolve` for prefixes. */
  get(id: string): LoadedRevision {
    const revision = this.#byId.get(id);
    if (!revision) throw new ResolutionError(`No revision ${id}. See \`strata history\` for the ids.`);
    return revision;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Every revision, parents and dependencies first. */
  all(): readonly LoadedRevision[] {
    return this.#order;
  }

  /** A full revision id, or a unique prefix of at least 4 characters. */
  resolve(idOrPrefix: string): LoadedRevision {
    const text = idOrPrefix.trim();
    const key = text.toLowerCase();
    const exact = this.#byId.get(key);
    if (exact) return exact;
    const snapshot = this.#view.replacedBy.get(key);
    if (snapshot !== undefined) {
      throw new ResolutionError(
        `Revision ${key} is squashed into snapshot ${snapshot}, which this database uses: name ${snapshot} (or a branch's base) instead.`,
      );
    }
    // A label typed where a revision belongs is the likeliest slip: say what was meant.
    const hint = this.hasLabel(text) ? ` ${text} is a branch label: did you mean ${text}@head?` : "";
    if (!/^[0-9a-f]+$/.test(key)) {
      throw new ResolutionError(`No revision ${JSON.stringify(text)}: revision ids are hexadecimal.${hint}`);
    }
    if (key.length < MIN_PREFIX) {
      throw new ResolutionError(`Revision prefix ${key} is too short: give at least ${MIN_PREFIX} characters.${hint}`);
    }
    const matches = this.#order.filter((r) => r.id.startsWith(key));
    if (matches.length === 0) {
      throw new ResolutionError(`No revision matches ${key}. See \`strata history\` for the ids.${hint}`);
    }
    if (matches.length > 1) {
      throw new ResolutionError(
        `Revision prefix ${key} is ambiguous: it matches ${matches.map((r) => describe(r)).join(", ")}. Give more characters.`,
        matches.map((r) => r.id),
      );
    }
    return matches[0];
  }

  /**
   * One revision named by an id or prefix, `head`, `L@head` or `L@<id>` (for `show`,
   * `--head`, dependsOn). Throws when the name covers none or several.
   */
  resolveOne(spec: string): LoadedRevision {
    const target = parseTarget(spec);
    if (target.kind === "revision") return this.resolveOn(target.ref, target.label);
    if (target.kind === "head") {
      const head = this.singleHead(target.label);
      if (head) return head;
      throw new ResolutionError(
        target.label === undefined ? `There are no revisions yet.` : `Branch ${target.label} has no revisions yet.`,
      );
    }
    throw new UsageError(`"${spec}" does not name a single revision: give a revision id, head or L@head.`);
  }

  /** `ref` resolved, and when `label` is given, checked to be on that branch. */
  resolveOn(ref: string, label: string | undefined): LoadedRevision {
    const revision = this.resolve(ref);
    if (label !== undefined) {
      this.requireLabel(label);
      if (!this.branchesOf(revision.id).includes(label)) {
        throw new ResolutionError(
          `Revision ${revision.id} is not on branch ${label} (it is on ${this.branchesOf(revision.id).join(", ") || "no labelled branch"}).`,
        );
      }
    }
    return revision;
  }

  // ---- shape ----------------------------------------------------------------------

  /** Revisions nothing builds on (through downRevision). */
  heads(): readonly LoadedRevision[] {
    return this.#order.filter((r) => !this.#children.has(r.id));
  }

  bases(): readonly LoadedRevision[] {
    return this.#order.filter((r) => r.downRevisions.length === 0);
  }

  /** Known labels, oldest declaration first (the app branch is known even while empty). */
  labels(): readonly string[] {
    const declared = [...this.#labelOwners.keys()].sort(
      (a, b) => this.#position.get(this.#labelOwners.get(a)!.id)! - this.#position.get(this.#labelOwners.get(b)!.id)!,
    );
    return declared.includes(this.appBranch) ? declared : [this.appBranch, ...declared];
  }

  hasLabel(label: string): boolean {
    return label === this.appBranch || this.#labelOwners.has(label);
  }

  /** Every label that has revisions, with the revision declaring it and its heads. */
  branches(): readonly Branch[] {
    return this.labels()
      .filter((label) => this.#labelOwners.has(label))
      .map((label) => ({ label, base: this.#labelOwners.get(label)!, heads: this.headsOf(label) }));
  }

  /** The revision that declares `label` (the start of that branch), if it has revisions. */
  baseOf(label: string): LoadedRevision | undefined {
    this.requireLabel(label);
    return this.#labelOwners.get(label);
  }

  /** The labels a revision carries: its own and those inherited along downRevision, oldest first. */
  branchesOf(id: string): readonly string[] {
    const labels = this.#labels.get(id);
    if (!labels) throw new ResolutionError(`No revision ${id}.`);
    return labels;
  }

  /** The newest label a revision carries: the branch it is most specifically on. */
  branchOf(id: string): string | undefined {
    const labels = this.branchesOf(id);
    return labels[labels.length - 1];
  }

  /** The heads carrying `label`; none for the app branch before its first revision. */
  headsOf(label: string): readonly LoadedRevision[] {
    this.requireLabel(label);
    return this.heads().filter((r) => this.#labels.get(r.id)!.includes(label));
  }

  /** Revisions that name `id` in their downRevision. */
  childrenOf(id: string): readonly LoadedRevision[] {
    return this.#children.get(id) ?? [];
  }

  /** Revisions that name `id` in their dependsOn. */
  dependentsOf(id: string): readonly LoadedRevision[] {
    return this.#dependents.get(id) ?? [];
  }

  /** Ancestors of `ids`; dependsOn is followed unless `dependsOn: false` (an upgrade needs both). */
  ancestors(ids: Iterable<string>, options: WalkOptions = {}): Set<string> {
    const withDependencies = options.dependsOn ?? true;
    return this.#walk(ids, options.inclusive ?? true, (id) => {
      const revision = this.#byId.get(id)!;
      return withDependencies ? [...revision.downRevisions, ...revision.dependsOn] : revision.downRevisions;
    });
  }

  /** Descendants of `ids`; only along downRevision unless `dependsOn: true`. */
  descendants(ids: Iterable<string>, options: WalkOptions = {}): Set<string> {
    const withDependents = options.dependsOn ?? false;
    return this.#walk(ids, options.inclusive ?? true, (id) => {
      const next = [...(this.#children.get(id) ?? [])];
      if (withDependents) next.push(...(this.#dependents.get(id) ?? []));
      return next.map((r) => r.id);
    });
  }

  /** The graph of `ids` alone (closed under parents and dependencies). */
  subgraph(ids: ReadonlySet<string>): RevisionGraph {
    return new RevisionGraph(this.inOrder(ids), this.appBranch);
  }

  /** The known revisions among `ids`, parents and dependencies first. */
  inOrder(ids: Iterable<string>): LoadedRevision[] {
    return [...new Set(ids)]
      .filter((id) => this.#byId.has(id))
      .sort((a, b) => this.#position.get(a)! - this.#position.get(b)!)
      .map((id) => this.#byId.get(id)!);
  }

  /**
   * Applied revisions with no applied child through downRevision. dependsOn is not a
   * child link, so a plugin revision depending on the app head never hides it (Alembic
   * #1806 reported only the plugin's head). Ids unknown to the code are left out.
   */
  appliedHeads(applied: ReadonlySet<string>): readonly LoadedRevision[] {
    return this.#order.filter(
      (r) => applied.has(r.id) && !(this.#children.get(r.id) ?? []).some((child) => applied.has(child.id)),
    );
  }

  /**
   * The single head of the graph, or of branch `label`; undefined when there is none.
   * Several are refused with a message naming how to pick one; `alternative` adds a
   * way out that fits the command (e.g. "use heads").
   */
  singleHead(label?: string, alternative?: string): LoadedRevision | undefined {
    const heads = label === undefined ? this.heads() : this.headsOf(label);
    if (heads.length <= 1) return heads[0];
    const listed = heads.map((h) => describeBranch(h, this.branchesOf(h.id))).join(", ");
    const forms = heads.map((h) => this.headForm(h));
    const ways = [orList(forms)];
    if (label !== undefined) ways.push(`merge them with \`strata merge ${label} -m MSG\``);
    if (alternative) ways.push(alternative);
    const prefix = label === undefined ? "Multiple heads" : `Branch ${label} has ${heads.length} heads`;
    throw new MultipleHeadsError(
      `${prefix}: ${listed}. Specify ${ways.join(", or ")}.`,
      heads.map((h) => h.id),
    );
  }

  /** How a user names this head alone: `L@head` for a label only it carries, else its id. */
  headForm(head: LoadedRevision): string {
    const label = this.ownLabel(head);
    return label === undefined ? head.id : `${label}@head`;
  }

  /** The newest label that, among the heads, only `head` carries. */
  ownLabel(head: LoadedRevision): string | undefined {
    const heads = this.heads();
    return [...this.branchesOf(head.id)]
      .reverse()
      .find((label) => heads.every((h) => h === head || !this.#labels.get(h.id)!.includes(label)));
  }

  requireLabel(label: string): void {
    if (this.hasLabel(label)) return;
    throw new ResolutionError(`Unknown branch ${label}. Known branches: ${this.labels().join(", ")}.`);
  }

  // ---- commands -------------------------------------------------------------------

  /** `history [-r A:B]`: newest first; A:B as in Alembic, either side optional. */
  history(range?: string): readonly LoadedRevision[] {
    return historyOf(this, range);
  }

  /** The revisions `upgrade target` applies, in apply order (empty: nothing to do). */
  upgradePlan(applied: ReadonlySet<string>, target: string): readonly LoadedRevision[] {
    return planUpgrade(this, applied, target);
  }

  /** The revisions `downgrade target` reverts, in revert order; `last` needs `appliedOrder` (oldest first). */
  downgradePlan(applied: ReadonlySet<string>, target: string, appliedOrder: readonly string[] = []): DowngradePlan {
    return planDowngrade(this, applied, target, appliedOrder);
  }

  /** The version rows `stamp target` adds and removes. */
  stampPlan(applied: ReadonlySet<string>, target: string, options: StampOptions = {}): StampPlan {
    return planStamp(this, applied, target, options);
  }

  /** Where `revision` puts a new file: its downRevision and its branch directory. */
  newRevisionParents(options: NewRevisionOptions = {}): NewRevisionParents {
    return newRevisionParents(this, options);
  }

  /** The downRevision of a merge joining `revisions` (ids) or the heads of one label. */
  mergeParents(revisionsOrLabel: readonly string[]): readonly string[] {
    return mergeParents(this, revisionsOrLabel);
  }

  #walk(ids: Iterable<string>, inclusive: boolean, next: (id: string) => readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const id of ids) {
      if (!this.#byId.has(id)) continue;
      if (inclusive) seen.add(id);
      stack.push(...next(id));
    }
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...next(id));
    }
    return seen;
  }
}

function describe(revision: LoadedRevision): string {
  return revision.message ? `${revision.id} (${revision.message})` : revision.id;
}

function describeBranch(revision: LoadedRevision, labels: readonly string[]): string {
  return labels.length > 0 ? `${revision.id} (${labels.join(", ")})` : revision.id;
}
