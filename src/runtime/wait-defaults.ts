/** How often a waiting replica reads the version table: one SELECT of its rows, nothing locked. */
export const WAIT_POLL_MS = 500;
/** How long a replica waits for another runner's revisions before it gives up. */
export const WAIT_TIMEOUT_MS = 300_000;
