import type { DataLoss } from "./data-loss";

/** What a run reports while it works; the library never prints, the caller decides. */
export type MigrationEvent =
  | { readonly type: "lock-wait"; readonly holder: string }
  /** `wait`: the revisions another runner has yet to apply, and how long this replica waits for them. */
  | { readonly type: "wait"; readonly revisions: readonly string[]; readonly timeoutMs: number }
  | { readonly type: "start"; readonly direction: "up" | "down"; readonly revision: string; readonly message: string }
  | { readonly type: "done"; readonly direction: "up" | "down"; readonly revision: string; readonly ms: number }
  | { readonly type: "skip"; readonly revision: string; readonly reason: string }
  | { readonly type: "dependent"; readonly revision: string; readonly dependsOn: string }
  /** Before a downgrade runs: the tables and columns its down()s drop, and the rows they hold. */
  | { readonly type: "data-loss"; readonly loss: DataLoss };

export type EventSink = (event: MigrationEvent) => void;
