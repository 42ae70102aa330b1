/** For the CLI (`anju user offboard <username>`): a user by name, in the public shape, or null. */
import type { AnjuHost } from "@anju/kernel";
import { publicUser, userByKey, type PublicUser } from "./store/users.js";
import { normalizeUsername, usernameKey } from "./username.js";

export async function findUser(host: AnjuHost, username: string): Promise<PublicUser | null> {
  let key: string;
  try {
    key = usernameKey(normalizeUsername(username));
  } catch {
    return null;
  }
  const user = await userByKey(host.ds, key);
  return user ? publicUser(user) : null;
}
