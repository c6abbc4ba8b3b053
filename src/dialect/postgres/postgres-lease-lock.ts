import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { DataSource, QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { StrataError } from "../../errors";
import { leaseTableOf } from "../../runtime/strata-tables";
import type { LeaseLockOptions, RunLease } from "../dialect";
import { sleep } from "../sleep";

const POLL_MS = 200;
const REPORT_EVERY_MS = 5_000;

/**
 * The run lock as a lease row (SPEC §12), for PostgreSQL-compatible engines whose
 * advisory locks are stubs (CockroachDB): `runLock: "lease"`. The holder renews it every
 * third of `leaseMs` on a connection of its own (a renewal inside a revision's
 * transaction would stay invisible until it commits); an expired lease is taken over,
 * which bumps its fencing token. Every revision checks, in its own transaction and
 * before its version row, that the token is still its own and unexpired, and keeps the
 * row locked until it commits: a holder paused past its lease (SIGSTOP, a long GC) can
 * no longer commit, and nobody can take the lease over between that check and the commit.
 * All times are the database's (clock_timestamp()), never the runners' clocks.
 */
export class LeaseLock implements RunLease {
  readonly #table: string;
  readonly #holder = `${hostname()} pid ${process.pid} ${randomBytes(4).toString("hex")}`;
  #token: number | undefined;
  #renewer: QueryRunner | undefined;
  #timer: NodeJS.Timeout | undefined;
  #renewal: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: LeaseLockOptions,
  ) {
    this.#table = quoteIdentifier(leaseTableOf(options.versionTable));
  }

  async acquire(): Promise<void> {
    const { versionTable, timeoutMs, onWait, leaseMs } = this.options;
    this.#renewer = this.dataSource.createQueryRunner();
    await this.#renewer.connect();
    await this.#createTable();
    const started = Date.now();
    let lastReport = -Infinity;
    for (;;) {
      const rows: { token: string }[] = await this.#renewer.query(
        `INSERT INTO ${this.#table} ("name", "holder", "host", "pid", "token", "expires_at")
              VALUES ($1, $2, $3, $4, 1, clock_timestamp() + $5 * interval '1 millisecond')
         ON CONFLICT ("name") DO UPDATE
                SET "holder" = EXCLUDED."holder", "host" = EXCLUDED."host", "pid" = EXCLUDED."pid",
                    "token" = ${this.#table}."token" + 1, "expires_at" = EXCLUDED."expires_at"
              WHERE ${this.#table}."expires_at" < clock_timestamp()
         RETURNING "token"`,
        [versionTable, this.#holder, hostname(), process.pid, leaseMs],
      );
      if (rows[0]) {
        this.#token = Number(rows[0].token);
        this.#timer = setInterval(() => (this.#renewal = this.#renew()), Math.max(50, Math.floor(leaseMs / 3)));
        this.#timer.unref();
        return;
      }
      const waited = Date.now() - started;
      if (waited >= timeoutMs) {
        throw new StrataError(
          `Gave up after ${Math.round(waited / 1000)} s waiting for the migration lease held by ${await this.#describeHolder()}. ` +
            `Let that run finish; a holder that died loses the lease ${Math.round(leaseMs / 1000)} s after its last renewal.`,
        );
      }
      if (onWait && Date.now() - lastReport >= REPORT_EVERY_MS) {
        onWait(await this.#describeHolder());
        lastReport = Date.now();
      }
      await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
    }
  }

  /**
   * In the revision's transaction, before its version row: the lease is still this run's
   * (same token, not expired), extended, and its row locked until the commit.
   */
  async fence(queryRunner: QueryRunner): Promise<void> {
    // As a SELECT: TypeORM answers an UPDATE with [rows, count], whatever RETURNING says.
    const rows: unknown[] = await queryRunner.query(
      `WITH kept AS (UPDATE ${this.#table} SET "expires_at" = clock_timestamp() + $3 * interval '1 millisecond'
                      WHERE "name" = $1 AND "token" = $2 AND "expires_at" > clock_timestamp() RETURNING "token")
       SELECT "token" FROM kept`,
      [this.options.versionTable, this.#token, this.options.leaseMs],
    );
    if (rows.length > 0) return;
    throw new StrataError(
      `This run lost the migration lease (it was paused past its ${this.options.leaseMs} ms lease, and ${await this.#describeHolder(queryRunner)} took it over): ` +
        `the revision was rolled back, nothing of it committed. Run again to see what is left.`,
    );
  }

  async release(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#renewal.catch(() => {});
    try {
      if (this.#renewer && this.#token !== undefined) {
        await this.#renewer.query(`DELETE FROM ${this.#table} WHERE "name" = $1 AND "token" = $2`, [this.options.versionTable, this.#token]);
      }
    } finally {
      await this.#renewer?.release().catch(() => {});
    }
  }

  /** A renewal that finds the token gone changes nothing: the fence refuses the next commit. */
  async #renew(): Promise<void> {
    await this.#renewer
      ?.query(
        `UPDATE ${this.#table} SET "expires_at" = clock_timestamp() + $3 * interval '1 millisecond' WHERE "name" = $1 AND "token" = $2`,
        [this.options.versionTable, this.#token, this.options.leaseMs],
      )
      .catch(() => {});
  }

  async #createTable(): Promise<void> {
    const ddl = `CREATE TABLE IF NOT EXISTS ${this.#table} (
  "name" varchar(63) PRIMARY KEY,
  "holder" varchar(255) NOT NULL,
  "host" varchar(255) NOT NULL,
  "pid" integer NOT NULL,
  "token" bigint NOT NULL,
  "expires_at" timestamptz NOT NULL
)`;
    try {
      await this.#renewer!.query(ddl);
    } catch (error) {
      // Two runners creating it at once: one wins, the other's catalog insert collides.
      if (!/duplicate key|already exists/i.test(String((error as Error)?.message))) throw error;
    }
  }

  async #describeHolder(queryRunner = this.#renewer!): Promise<string> {
    const rows: { holder: string; left_ms: string }[] = await queryRunner.query(
      `SELECT "holder", (extract(epoch FROM "expires_at" - clock_timestamp()) * 1000)::bigint AS left_ms FROM ${this.#table} WHERE "name" = $1`,
      [this.options.versionTable],
    );
    const row = rows[0];
    if (!row) return "another runner (it has just released it)";
    const left = Number(row.left_ms);
    return `${row.holder} (${left > 0 ? `lease expires in ${(left / 1000).toFixed(1)} s` : "lease expired"})`;
  }
}
