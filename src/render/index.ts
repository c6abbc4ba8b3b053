export { renderRevision, type RenderedRevision, type RenderRevisionInput } from "./render-revision";
export { renderTemplate } from "./render-template";
export type { RevisionHeader } from "./revision-header";
