import { ValidationError } from "../errors";
import { displayPath } from "./display-path";
import type { LoadedRevision } from "./revision";

/** The revisions a graph uses once each snapshot is resolved one way or the other. */
export interface SnapshotView {
  readonly revisions: readonly LoadedRevision[];
  /** A replaced revision's id → the snapshot that stands for it (snapshots in use only). */
  readonly replacedBy: ReadonlyMap<string, string>;
  /** The database's applied ids as this view sees them: a snapshot in use counts once all it replaces is recorded. */
  applied(ids: ReadonlySet<string>): Set<string>;
}

/**
 * Squash (SPEC §13): snapshot S stands for the revisions it replaces, R, the last of
 * which (the squashed revision) later revisions build on. Django's squashed migrations
 * follow the same rules. Per database:
 * - no database, nothing of R recorded (a fresh one) or S recorded: S is used, any
 *   file of R still present is set aside, and every link to an id of R points at S;
 * - part or all of R recorded and every file of R present: the database keeps its
 *   history, S is set aside and links to S point at the squashed revision;
 * - all of R recorded and some files deleted: S is used and counts as applied;
 * - part of R recorded and some files deleted: refused, only the history can finish it.
 * Larger snapshots are resolved first, so a snapshot squashed again is set aside with
 * the rest of what the newer one replaces.
 */
export function snapshotView(loaded: readonly LoadedRevision[], applied?: ReadonlySet<string>): SnapshotView {
  const snapshots = loaded.filter((r) => r.replaces.length > 0).sort((a, b) => b.replaces.length - a.replaces.length);
  // Most histories have no snapshot: the view is the revisions as loaded.
  if (snapshots.length === 0) return { revisions: loaded, replacedBy: new Map(), applied: (ids) => new Set(ids) };
  const byId = new Map(loaded.map((r) => [r.id, r]));
  /**
   * What `ids` record, directly or through snapshots: a recorded snapshot records what it
   * replaces, and a snapshot whose replaced revisions are all recorded is recorded.
   */
  const recordedIn = (ids: ReadonlySet<string>) => {
    const recorded = new Set(ids);
    for (let grew = true; grew; ) {
      grew = false;
      for (const snapshot of snapshots) {
        const before = recorded.size;
        if (recorded.has(snapshot.id)) for (const id of snapshot.replaces) recorded.add(id);
        else if (snapshot.replaces.every((id) => recorded.has(id))) recorded.add(snapshot.id);
        grew ||= recorded.size > before;
      }
    }
    return (id: string) => recorded.has(id);
  };
  const recorded = recordedIn(applied ?? new Set());
  const setAside = new Set<string>();
  const alias = new Map<string, string>();
  const replacedBy = new Map<string, string>();
  const inUse: LoadedRevision[] = [];
  for (const snapshot of snapshots) {
    if (setAside.has(snapshot.id)) continue;
    const { replaces } = snapshot;
    const squashed = replaces[replaces.length - 1]!;
    const started = applied !== undefined && !applied.has(snapshot.id) && replaces.some(recorded);
    if (started && replaces.every((id) => byId.has(id))) {
      setAside.add(snapshot.id);
      alias.set(snapshot.id, squashed);
      continue;
    }
    if (started && !replaces.every(recorded)) throw partlyApplied(snapshot, replaces, recorded, byId);
    inUse.push(snapshot);
    for (const id of replaces) {
      setAside.add(id);
      alias.set(id, snapshot.id);
      replacedBy.set(id, snapshot.id);
    }
  }
  const target = (id: string): string => (alias.has(id) ? target(alias.get(id)!) : id);
  const relink = (ids: readonly string[]) => Object.freeze([...new Set(ids.map(target))]);
  const revisions = loaded
    .filter((r) => !setAside.has(r.id))
    .map((r) =>
      [...r.downRevisions, ...r.dependsOn].some((id) => alias.has(id))
        ? withLinks(r, relink(r.downRevisions), relink(r.dependsOn))
        : r,
    );
  return {
    revisions,
    replacedBy,
    applied(ids) {
      const inIds = recordedIn(ids);
      const seen = new Set([...ids].filter((id) => !replacedBy.has(id)));
      for (const snapshot of inUse) if (inIds(snapshot.id)) seen.add(snapshot.id);
      return seen;
    },
  };
}

/** A copy of `revision` with other links; property descriptors keep the checksum lazy. */
function withLinks(revision: LoadedRevision, downRevisions: readonly string[], dependsOn: readonly string[]): LoadedRevision {
  return Object.freeze(
    Object.defineProperties(Object.create(Object.getPrototypeOf(revision)), {
      ...Object.getOwnPropertyDescriptors(revision),
      downRevisions: { value: downRevisions, enumerable: true },
      dependsOn: { value: dependsOn, enumerable: true },
    }),
  ) as LoadedRevision;
}

function partlyApplied(
  snapshot: LoadedRevision,
  replaces: readonly string[],
  recorded: (id: string) => boolean,
  byId: ReadonlyMap<string, LoadedRevision>,
): ValidationError {
  const missing = replaces.filter((id) => !byId.has(id));
  const pending = replaces.filter((id) => !recorded(id));
  const shown = (ids: readonly string[]) => ids.slice(0, 5).join(", ") + (ids.length > 5 ? `, … (${ids.length} in all)` : "");
  return new ValidationError(
    `The database is partway through the history that snapshot ${snapshot.id} (${displayPath(snapshot.file)}) squashes: ${shown(pending)} not applied yet, ` +
      `and the files of ${shown(missing)} are gone, so neither the history nor the snapshot can bring it up to date.\n` +
      `Restore the deleted revision files (from version control) and upgrade; they can be deleted again once every database is past the snapshot.`,
  );
}
