// rotor revoke <session-id>: ends one of the user's own sessions (this one included).
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import type { Command } from "../command.ts";
import { callOptions } from "../client.ts";
import { describeError } from "../describe-error.ts";
import { EXIT } from "../exit-codes.ts";
import { openSession, sessionIdOf } from "../session.ts";

export const revoke: Command = async (ctx) => {
  if (ctx.args.length !== 1) throw new CliError("Usage: rotor revoke <session-id>  (ids: rotor sessions)", EXIT.USAGE);
  const sessionId = z.uuid().safeParse(ctx.args[0]);
  if (!sessionId.success) throw new CliError(`Not a session id: ${ctx.args[0]}`, EXIT.USAGE);

  const session = await openSession(ctx.config, ctx.baseUrl);
  await session.api.auth.sessions.revoke.mutate({ sessionId: sessionId.data }, callOptions()).catch((error: unknown) => {
    const failure = describeError(error, { baseUrl: ctx.baseUrl, action: `revoking session ${sessionId.data}` });
    if (failure.exitCode === EXIT.API_ERROR && /not found/i.test(failure.message)) {
      throw new CliError(`No active session ${sessionId.data} among yours (see rotor sessions).`, EXIT.API_ERROR, { cause: error });
    }
    throw failure;
  });
  const current = await ctx.config.tokens.get();
  if (current && sessionIdOf(current.accessToken) === sessionId.data) {
    await ctx.config.clear();
    ctx.stdout(`Revoked session ${sessionId.data}. It was this CLI's own session: signed out.`);
    return;
  }
  ctx.stdout(`Revoked session ${sessionId.data}.`);
};
