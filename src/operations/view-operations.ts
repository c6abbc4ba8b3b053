import type { ViewModel } from "../schema/model";

export interface CreateViewOperation {
  readonly kind: "createView";
  readonly view: ViewModel;
}
export interface DropViewOperation {
  readonly kind: "dropView";
  /** The view as it was, so that the inverse can create it again. */
  readonly view: ViewModel;
}

export const createView = (view: ViewModel): CreateViewOperation => Object.freeze({ kind: "createView", view });
export const dropView = (view: ViewModel): DropViewOperation => Object.freeze({ kind: "dropView", view });
