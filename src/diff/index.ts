export { diffSchemas, type DiffOptions } from "./diff-schemas";
export type { Renames } from "./apply-renames";
export { possibleRenames, type PossibleRename } from "./possible-renames";
