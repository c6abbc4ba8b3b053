import type { Session } from "../runtime/session";
import { openScratch, type ScratchReplay } from "./scratch-replay";

/** A scratch database created on the first `open`; `drop` removes it if it was. */
export interface ScratchOnDemand {
  /** Starts creating the scratch database (once) and resolves when it is there. */
  open(): Promise<ScratchReplay>;
  drop(): Promise<void>;
}

/**
 * The scratch database of `live`, created on the first `open`: a run with nothing to
 * replay creates none, and a caller may start it early, so that the server creates it
 * while the caller works on. `drop` waits for a creation still under way, so an
 * interrupted or failed run leaves no database behind.
 */
export function scratchOnDemand(live: Session, signal?: AbortSignal): ScratchOnDemand {
  let opening: Promise<ScratchReplay> | undefined;
  return {
    open() {
      if (!opening) {
        opening = openScratch(live, signal);
        // Handled here too: it may fail while the files are staged, before anyone awaits it.
        opening.catch(() => {});
      }
      return opening;
    },
    async drop() {
      // A creation that failed left nothing to drop (openScratch reports that failure to whoever awaits it).
      const scratch = await opening?.catch(() => undefined);
      await scratch?.drop();
    },
  };
}
