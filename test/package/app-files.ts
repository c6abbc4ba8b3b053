/**
 * Source files of a small TypeORM app written the way real ones are: entity files that
 * import each other without `Relation<>` (a two-file and a three-file cycle), an enum
 * imported across files, a same-file forward reference, a barrel index.ts, and a
 * DataSource module as `typeorm init` writes it. The database comes from the
 * environment: DATABASE_URL (PostgreSQL) or SQLITE_FILE (`sqliteDriver`).
 */
export function commonJsApp(sqliteDriver: "sqlite" | "better-sqlite3"): Record<string, string> {
  return {
    "tsconfig.json": JSON.stringify(
      {
        compilerOptions: {
          target: "es2021",
          module: "node16",
          moduleResolution: "node16",
          outDir: "dist",
          rootDir: ".",
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          strictPropertyInitialization: false,
          esModuleInterop: true,
          types: ["node"],
        },
        include: ["src", "migrations", "ormconfig.ts"],
      },
      null,
      2,
    ),
    "src/entity/role.ts": `export enum Role {
  Member = "member",
  Admin = "admin",
}
`,
    "src/entity/user.ts": `import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import { Chat } from "./chat";
import { Role } from "./role";

@Entity("users")
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 64 }) name: string;
  @Column({ type: "simple-enum", enum: Role, default: Role.Member }) role: Role;
  @OneToMany(() => Chat, (chat) => chat.owner) chats: Chat[];
}
`,
    "src/entity/chat.ts": `import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import { Message } from "./message";
import { User } from "./user";

@Entity("chats")
export class Chat {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
  @ManyToOne(() => User, (user) => user.chats, { onDelete: "CASCADE" }) owner: User;
  @OneToMany(() => Message, (message) => message.chat) messages: Message[];
}
`,
    "src/entity/message.ts": `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Chat } from "./chat";
import { User } from "./user";

@Entity("messages")
export class Message {
  @PrimaryGeneratedColumn() id: number;
  @Column("text") body: string;
  @ManyToOne(() => Chat, (chat) => chat.messages, { onDelete: "CASCADE" }) chat: Chat;
  @ManyToOne(() => User, { nullable: true }) author: User | null;
}
`,
    "src/entity/library.ts": `import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from "typeorm";

@Entity("authors")
export class Author {
  @PrimaryGeneratedColumn() id: number;
  @OneToMany(() => Book, (book) => book.author) books: Book[];
}

@Entity("books")
export class Book {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
  @ManyToOne(() => Author, (author) => author.books) author: Author;
}
`,
    "src/entity/index.ts": `export * from "./chat";
export * from "./library";
export * from "./message";
export * from "./role";
export * from "./user";
`,
    "src/data-source.ts": `import "reflect-metadata";
import { DataSource } from "typeorm";
import { Author, Book, Chat, Message, User } from "./entity";

const entities = [User, Chat, Message, Author, Book];
const url = process.env.DATABASE_URL;
export const AppDataSource = new DataSource(
  url
    ? { type: "postgres", url, entities }
    : { type: "${sqliteDriver}", database: process.env.SQLITE_FILE ?? "app.sqlite", entities },
);
`,
    "src/main.ts": `import { check, migrate } from "strata";
import config from "../ormconfig";

async function main(): Promise<void> {
  const applied = await migrate(config);
  const outcome = await check(config);
  console.log(JSON.stringify({ applied: applied.length, clean: outcome.clean }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
`,
  };
}

/** The same kind of app as an ES module package ("type": "module", `.js` specifiers, `Relation<>` across files). */
export function esmApp(): Record<string, string> {
  return {
    "tsconfig.json": JSON.stringify(
      {
        compilerOptions: {
          target: "es2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          outDir: "dist",
          strict: true,
          skipLibCheck: false,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          strictPropertyInitialization: false,
          types: ["node"],
        },
        include: ["src", "migrations", "ormconfig.ts"],
      },
      null,
      2,
    ),
    "src/entity/user.ts": `import { Column, Entity, OneToMany, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { Note } from "./note.js";

@Entity("users")
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
  @OneToMany(() => Note, (note) => note.user) notes: Relation<Note>[];
}
`,
    "src/entity/note.ts": `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { User } from "./user.js";

@Entity("notes")
export class Note {
  @PrimaryGeneratedColumn() id: number;
  @Column("text") body: string;
  @ManyToOne(() => User, (user) => user.notes) user: Relation<User>;
}
`,
    "src/data-source.ts": `import "reflect-metadata";
import { DataSource } from "typeorm";
import { Note } from "./entity/note.js";
import { User } from "./entity/user.js";

const entities = [User, Note];
const url = process.env.DATABASE_URL;
export const AppDataSource = new DataSource(
  url
    ? { type: "postgres", url, entities }
    : { type: "sqlite", database: process.env.SQLITE_FILE ?? "app.sqlite", entities },
);
`,
  };
}
