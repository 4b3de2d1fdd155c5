// rotor whoami: who the stored credentials belong to, as the server sees it.
import type { Command } from "../command.ts";
import { callOptions } from "../client.ts";
import { describeError } from "../describe-error.ts";
import { openSession } from "../session.ts";

export const whoami: Command = async (ctx) => {
  const session = await openSession(ctx.config, ctx.baseUrl);
  const me = await session.api.auth.me.query(undefined, callOptions()).catch((error: unknown) => {
    throw describeError(error, { baseUrl: ctx.baseUrl, action: "reading your profile" });
  });
  if (ctx.options.json) {
    ctx.stdout(JSON.stringify({ ...me, url: ctx.baseUrl }, null, 2));
    return;
  }
  ctx.stdout(`${me.email} (${me.role}) in ${me.tenantName} [${me.tenantSlug}]`);
  ctx.stdout(`server   ${ctx.baseUrl}`);
  ctx.stdout(`session  ${me.sessionId}`);
  ctx.stdout(`token    valid until ${me.accessTokenExpiresAt.toISOString()} (renewed automatically)`);
};
