import { BotUser } from "./bot-user";
import { Chat } from "./chat";

export { BotUser, Chat };
export const entities = [BotUser, Chat];
