// rotor logout: ends this session on the server and forgets the credentials.
import { CliError } from "../cli-error.ts";
import type { Command } from "../command.ts";
import { callOptions } from "../client.ts";
import { describeError } from "../describe-error.ts";
import { EXIT } from "../exit-codes.ts";
import { openSession } from "../session.ts";

export const logout: Command = async (ctx) => {
  const session = await openSession(ctx.config, ctx.baseUrl).catch((error: unknown) => {
    if (error instanceof CliError && error.exitCode === EXIT.NOT_SIGNED_IN) return null;
    throw error;
  });
  if (!session) {
    await ctx.config.clear();
    ctx.stdout("Not signed in; nothing to do.");
    return;
  }
  try {
    await session.api.auth.logout.mutate(undefined, callOptions());
  } catch (error) {
    const failure = describeError(error, { baseUrl: ctx.baseUrl, action: "signing out" });
    // Forget the credentials whatever the server said: that is what the user asked for.
    await ctx.config.clear();
    if (failure.exitCode === EXIT.SESSION_ENDED) {
      ctx.stdout("Signed out (the session had already ended on the server).");
      return;
    }
    throw new CliError(`${failure.message}\nLocal credentials were removed, but the session may still be active on the server.`, failure.exitCode, {
      cause: error,
    });
  }
  await ctx.config.clear();
  ctx.stdout(`Signed out of ${ctx.baseUrl}.`);
};
