import { randomBytes } from "node:crypto";
import type { DataSourceOptions, QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import { typeorm } from "../../loading/typeorm-module";
import type { ScratchDatabase } from "../scratch-database";

type PostgresOptions = DataSourceOptions & { url?: string; database?: string; extra?: Record<string, unknown> };

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** PostgreSQL's "insufficient_privilege": the role may not create databases. */
const mayNotCreate = (error: unknown) => (error as { code?: string } | undefined)?.code === "42501";

/** Marks the scratch step's connections, so that they can be ended when the step is cut short. */
const withApplicationName = (options: PostgresOptions, name: string): PostgresOptions => ({
  ...options,
  extra: { ...options.extra, application_name: name },
});

/** Ends the scratch step's own connections (an interrupted replay may still hold locks). */
async function endConnections(queryRunner: QueryRunner, name: string): Promise<void> {
  await queryRunner
    .query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`, [name])
    .catch(() => {});
}

/**
 * The schema the app's DataSource names (its `schema` option), made on a new database:
 * the revisions replayed there create their tables in it, as on the app's own database.
 */
async function createOwnSchema(options: DataSourceOptions): Promise<void> {
  const { schema } = options as { schema?: string };
  if (!schema) return;
  const dataSource = new (typeorm().DataSource)({ ...options, entities: [], migrations: [], subscribers: [], synchronize: false, logging: false } as DataSourceOptions);
  await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A temporary database on the same server, created and dropped through `queryRunner`.
 * A role without CREATEDB gets a temporary schema of the database `queryRunner` is
 * connected to instead, the scratch connections searching only that schema.
 */
export async function postgresScratchDatabase(
  options: DataSourceOptions,
  queryRunner: QueryRunner,
  announce?: (options: DataSourceOptions) => void,
): Promise<ScratchDatabase> {
  const name = `strata_scratch_${randomBytes(6).toString("hex")}`;
  const pg = withApplicationName(options as PostgresOptions, name);
  const databaseOptions = (pg.url ? { ...pg, url: withDatabase(pg.url, name) } : { ...pg, database: name }) as DataSourceOptions;
  try {
    const creating = queryRunner.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    announce?.(databaseOptions);
    await creating;
    await createOwnSchema(databaseOptions);
    return {
      name,
      options: databaseOptions,
      drop: async () => {
        await queryRunner.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      },
    };
  } catch (error) {
    if (!mayNotCreate(error)) throw error;
  }
  await queryRunner.query(`CREATE SCHEMA ${quoteIdentifier(name)}`);
  const [{ database }] = (await queryRunner.query(`SELECT current_database() AS database`)) as { database: string }[];
  const searchPath = `-c search_path=${name}`;
  const schemaOptions = {
    ...pg,
    ...(pg.url ? { url: withDatabase(pg.url, database) } : { database }),
    schema: name,
    extra: { ...pg.extra, options: searchPath },
  };
  return {
    name,
    options: schemaOptions as DataSourceOptions,
    drop: async () => {
      await endConnections(queryRunner, name);
      await queryRunner.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(name)} CASCADE`);
    },
  };
}

