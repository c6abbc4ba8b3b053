import type { PossibleRename, Renames } from "../diff";
import { UsageError } from "../errors";

/** How the user answers "not a rename" on the command line (`candidate.flag` answers "a rename"). */
export const noRenameFlag = (candidate: PossibleRename) => `--no-rename ${dropped(candidate)}`;

/** The table or `table.column` that would be dropped: what `--no-rename` names. */
export const dropped = (candidate: PossibleRename) => (candidate.kind === "table" ? candidate.from : `${candidate.table}.${candidate.from}`);

/** Possible renames neither renamed (they would not be candidates then) nor answered "not a rename". */
export function unanswered(candidates: readonly PossibleRename[], noRenames: readonly string[]): PossibleRename[] {
  return candidates.filter((c) => !noRenames.includes(dropped(c)));
}

/**
 * The flags that answer every question as a rename, when that is one consistent answer
 * (no table or column in two of them); undefined for fewer than two questions.
 */
export function allAsRenames(questions: readonly PossibleRename[]): string[] | undefined {
  const ends = questions.flatMap((q) => (q.kind === "table" ? [`from ${q.from}`, `to ${q.to}`] : [`from ${q.table}.${q.from}`, `to ${q.table}.${q.to}`]));
  if (questions.length < 2 || new Set(ends).size !== ends.length) return undefined;
  return questions.flatMap((q) => q.flag.split(" "));
}

/** `renames` with the candidate taken as a rename. */
export function withRename(renames: Renames, candidate: PossibleRename): Renames {
  if (candidate.kind === "table") return { ...renames, tables: { ...renames.tables, [candidate.from]: candidate.to } };
  const columns = { ...renames.columns?.[candidate.table], [candidate.from]: candidate.to };
  return { ...renames, columns: { ...renames.columns, [candidate.table]: columns } };
}

/**
 * A dropped and an added column (or table) that may be one rename, unanswered: nothing
 * is written, since guessing either way loses data or invents it. The caller answers
 * with a rename (`--rename`, `--rename-table`) or with `--no-rename`.
 */
export class RenameQuestionError extends UsageError {
  constructor(readonly questions: readonly PossibleRename[]) {
    super(
      `Nothing was written: ${questions.length === 1 ? "a possible rename needs" : "possible renames need"} an answer first.\n` +
        questions
          .map((q) => `  ${dropped(q)} -> ${q.to}: ${q.flag} keeps the values; ${noRenameFlag(q)} drops them.`)
          .join("\n"),
    );
  }
}
