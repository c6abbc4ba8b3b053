import { giveKarma, karma } from "strata-karma";
import { DataSource } from "typeorm";
import config, { dataSourceOptions, fsm } from "../ormconfig";
import { describeDatabase, type FsmKey, migrate, redact } from "../src";
import { BotUser } from "./bot-user";

/**
 * The example bot's storage flow, run once: migrate at start-up (as maubot runs a
 * plugin's upgrade table before the plugin starts), a short /start conversation kept in
 * the FSM storage, the profile it collects saved to bot_users, and karma given through the
 * karma plugin's table. One printed line per step. `npm start` runs it.
 */

const BOT_ID = "example_bot";
const GROUP_CHAT = "-1001";
/** What Telegram would deliver: a user, and the texts they send in their private chat. */
const ALICE = { telegramId: "1001", username: "alice" };
const REPLIES = ["/start", "Alice", "de"] as const;

const show = (data: unknown) => JSON.stringify(data);

/** The user who sent a message, registered on first contact. */
async function userOf(dataSource: DataSource, from: { telegramId: string; username: string }): Promise<[BotUser, boolean]> {
  const users = dataSource.getRepository(BotUser);
  const known = await users.findOneBy({ telegramId: from.telegramId });
  if (known) return [known, false];
  return [await users.save(users.create({ telegramId: from.telegramId, username: from.username })), true];
}

export async function runBot(print: (line: string) => void): Promise<void> {
  const applied = await migrate(config);
  print(
    applied.length === 0
      ? "migrate: nothing to apply, the database is at the heads"
      : `migrate: applied ${applied.map((s) => `${s.revision} (${s.branch})`).join(", ")}`,
  );

  // The app's own connection, with its plugins' entities beside its own.
  const dataSource = new DataSource({ ...dataSourceOptions, entities: [...(dataSourceOptions.entities as Function[]), ...fsm.plugin.entities, ...karma.entities] });
  await dataSource.initialize();
  const storage = fsm.storage(dataSource);
  try {
    print(`connected: ${describeDatabase(dataSourceOptions)}`);
    const [alice, isNew] = await userOf(dataSource, ALICE);
    const key: FsmKey = { botId: BOT_ID, chatId: ALICE.telegramId, userId: ALICE.telegramId };

    for (const text of REPLIES) {
      const state = await storage.getState(key);
      if (text === "/start") {
        await storage.setState(key, "asking_name");
        print(`${text} from @${alice.username}: ${isNew ? "new" : "known"} user #${alice.id}, state asking_name`);
      } else if (state === "asking_name") {
        const data = await storage.updateData(key, { name: text });
        await storage.setState(key, "asking_language");
        print(`"${text}" from @${alice.username}: state asking_language, data ${show(data)}`);
      } else if (state === "asking_language") {
        const data = await storage.updateData(key, { language: text });
        await storage.setState(key, "done");
        print(`"${text}" from @${alice.username}: state done, data ${show(data)}`);
      }
    }

    const profile = await storage.getData(key);
    await dataSource.getRepository(BotUser).update({ id: alice.id }, { languageCode: String(profile.language) });
    await storage.clear(key);
    print(
      `done: saved ${profile.name}'s language ${profile.language} to bot_users #${alice.id}; ` +
        `state ${(await storage.getState(key)) ?? "none"}, data ${show(await storage.getData(key))}`,
    );

    const total = await giveKarma(dataSource, { chatId: GROUP_CHAT, userId: alice.id, points: 2 });
    print(`karma: +2 to @${alice.username} in chat ${GROUP_CHAT}, ${total} in all`);
  } finally {
    await storage.close();
    await dataSource.destroy();
  }
  print("bye");
}

/** The entry point `npm start` calls: prints each step, and the error (without secrets) on failure. */
export function main(): Promise<void> {
  return runBot((line) => console.log(line)).catch((error: unknown) => {
    console.error(`error: ${redact(error instanceof Error ? error.message : String(error))}`);
    process.exitCode = 1;
  });
}
