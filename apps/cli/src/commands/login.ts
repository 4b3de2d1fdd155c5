// rotor login [tenant] [email]: exchanges a password for a token pair and stores it (0600).
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import { callOptions, createRotorClients } from "../client.ts";
import type { Command } from "../command.ts";
import { describeError } from "../describe-error.ts";
import { EXIT } from "../exit-codes.ts";
import { promptHidden, promptLine, readFirstLineOfStdin } from "../prompt.ts";

// Same rules as the server's, so typos are caught before a round trip.
const loginInput = z.object({
  tenant: z.string().trim().toLowerCase().min(1, "tenant is required").max(63).regex(/^[a-z0-9][a-z0-9-]*$/, "invalid tenant slug"),
  email: z.email("invalid email").max(320),
  password: z.string().min(1, "password is required").max(1024),
});

export const login: Command = async (ctx) => {
  const interactive = process.stdin.isTTY === true;
  const [tenantArg, emailArg, ...extra] = ctx.args;
  if (extra.length > 0) throw new CliError("Usage: rotor login [tenant] [email]", EXIT.USAGE);
  let tenant = ctx.options.tenant ?? tenantArg;
  let email = ctx.options.email ?? emailArg;
  if (!interactive && (!tenant || !email)) {
    throw new CliError("Give the tenant and email (rotor login --tenant acme --email you@acme.test) when stdin is not a terminal.", EXIT.USAGE);
  }
  tenant ??= await promptLine("Tenant: ");
  email ??= await promptLine("Email: ");
  const password = interactive ? await promptHidden("Password: ") : await readFirstLineOfStdin();

  const parsed = loginInput.safeParse({ tenant, email, password });
  if (!parsed.success) {
    throw new CliError(`Invalid login: ${parsed.error.issues.map((i) => i.message).join("; ")}`, EXIT.USAGE);
  }

  const { auth } = createRotorClients({ baseUrl: ctx.baseUrl, store: ctx.config.tokens });
  // The device token goes back only to the server that issued it; the server checks it is this account's.
  const device = await ctx.config.readDevice();
  const deviceToken = device?.url === ctx.baseUrl ? device.token : undefined;
  const { deviceToken: nextDeviceToken, deviceTokenExpiresAt: _expires, ...pair } = await auth.auth.login
    .mutate({ ...parsed.data, ...(deviceToken ? { deviceToken } : {}) }, callOptions())
    .catch((error: unknown) => {
      throw describeError(error, { baseUrl: ctx.baseUrl, action: "signing in" });
    });
  // The previous session, if any, stays valid on the server until it expires or is revoked;
  // `rotor logout` before `rotor login` ends it.
  await ctx.config.tokens.set(pair);
  await ctx.config.writeDevice({ url: ctx.baseUrl, token: nextDeviceToken });
  await ctx.config.writeProfile({ url: ctx.baseUrl, tenant: parsed.data.tenant, email: parsed.data.email });
  ctx.stdout(`Signed in to ${ctx.baseUrl} as ${parsed.data.email} (tenant ${parsed.data.tenant}).`);
};
