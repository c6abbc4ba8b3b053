import { StrataError } from "../errors";

/** The run was cut short (Ctrl-C): nothing was written, and the scratch database is gone. */
export class InterruptedError extends StrataError {
  constructor(step: string) {
    super(`Interrupted during ${step}: no revision file was written and the scratch database was dropped.`);
  }
}

/**
 * `work`, or an InterruptedError as soon as `signal` aborts. The work itself is not
 * stopped: the caller's cleanup (dropping the scratch database) ends what it was doing.
 */
export function untilAborted<T>(signal: AbortSignal | undefined, step: string, work: Promise<T>): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(new InterruptedError(step));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {});
      reject(new InterruptedError(step));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
