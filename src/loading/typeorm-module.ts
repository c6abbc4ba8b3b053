import type * as TypeOrm from "typeorm";

let loaded: typeof TypeOrm | undefined;

/**
 * The app's typeorm (a peer dependency), required on first use: loading it costs a cold
 * process about 0.2 s, which commands that only read the revision graph never need.
 */
export function typeorm(): typeof TypeOrm {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require("typeorm") as typeof TypeOrm);
}
