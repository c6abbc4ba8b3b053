import { createView, dropView, type CreateViewOperation, type DropViewOperation } from "../operations";
import type { SchemaModel, ViewModel } from "../schema/model";

/** As TypeORM's schema builder compares a view: by its recorded query's text. */
const sameView = (a: ViewModel, b: ViewModel) => a.expression === b.expression && Boolean(a.materialized) === Boolean(b.materialized);

/**
 * The views to drop (before any table changes: a view holds its tables' columns) and to
 * create (after them): an entity's view made, or made again when its query changed or a
 * table it reads is in `blocking` (its columns retyped or dropped, which PostgreSQL
 * refuses under a view), and a recorded view no entity declares any more dropped. A view
 * nobody recorded (made by hand) is never dropped; an entity of its name is taken to
 * describe it.
 */
export function compareViews(
  from: SchemaModel,
  to: SchemaModel,
  blocking: ReadonlySet<string>,
): { dropped: DropViewOperation[]; created: CreateViewOperation[] } {
  if (to.views === undefined) return { dropped: [], created: [] };
  const existing = new Map((from.views ?? []).map((view) => [view.name, view]));
  const wanted = new Map(to.views.map((view) => [view.name, view]));
  const dropped: DropViewOperation[] = [];
  const created: CreateViewOperation[] = [];
  for (const view of existing.values()) {
    const want = wanted.get(view.name);
    const blocked = view.tables?.some((table) => blocking.has(table)) ?? false;
    if (view.expression === undefined || (want && sameView(view, want) && !blocked)) continue;
    dropped.push(dropView(view));
    if (want) created.push(createView(want));
  }
  // A view in `to` nobody recorded (a squashed history's raw SQL) cannot be made from the model.
  for (const want of wanted.values()) if (!existing.has(want.name) && want.expression !== undefined) created.push(createView(want));
  return { dropped, created };
}
