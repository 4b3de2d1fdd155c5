// What every signed-in command needs: the stored pair for THIS server, and clients around it.
import type { TokenPair } from "@rotor/trpc-refresh-link";
import { CliError } from "./cli-error.ts";
import { createRotorClients, type RotorClients } from "./client.ts";
import type { ConfigStore, Profile } from "./config-store.ts";
import { EXIT } from "./exit-codes.ts";

export interface Session extends RotorClients {
  profile: Profile;
  pair: TokenPair;
}

export async function openSession(config: ConfigStore, baseUrl: string): Promise<Session> {
  const [pair, profile] = await Promise.all([config.tokens.get(), config.readProfile()]);
  if (!pair || !profile) throw new CliError("Not signed in. Run `rotor login` first.", EXIT.NOT_SIGNED_IN);
  if (profile.url !== baseUrl) {
    // Never send a token to a server other than the one that issued it.
    throw new CliError(`Signed in to ${profile.url}, not ${baseUrl} (ROTOR_URL). Run \`rotor login\` for this server.`, EXIT.NOT_SIGNED_IN);
  }
  // When the session ends the link clears the token pair itself; main() then drops the profile.
  const clients = createRotorClients({ baseUrl, store: config.tokens });
  return { ...clients, profile, pair };
}

/** The session id (`sid` claim) of an access token, read without verifying it: display only. */
export function sessionIdOf(accessToken: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString("utf8")) as { sid?: unknown };
    return typeof payload.sid === "string" ? payload.sid : undefined;
  } catch {
    return undefined;
  }
}
