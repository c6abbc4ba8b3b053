/** The databases strata runs on; each has one Dialect (see dialect-for). */
export type DialectName = "sqlite" | "postgres";
