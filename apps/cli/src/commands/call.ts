// rotor call <procedure> [json]: runs any query of the API (the server decides what exists and
// refuses mutations over GET) and prints the result as JSON.
import { getUntypedClient } from "@trpc/client";
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import type { Command } from "../command.ts";
import { callOptions } from "../client.ts";
import { describeError } from "../describe-error.ts";
import { EXIT } from "../exit-codes.ts";
import { openSession } from "../session.ts";

const procedurePath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, "a procedure path looks like auth.me");

const jsonInput = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `invalid JSON input: ${(error as Error).message}` });
    return z.NEVER;
  }
});

export const call: Command = async (ctx) => {
  if (ctx.args.length < 1 || ctx.args.length > 2) throw new CliError("Usage: rotor call <procedure> [json-input]", EXIT.USAGE);
  const path = procedurePath.safeParse(ctx.args[0]);
  if (!path.success) throw new CliError(`Invalid procedure "${ctx.args[0]}": ${path.error.issues[0]?.message}`, EXIT.USAGE);
  const input = ctx.args[1] === undefined ? undefined : jsonInput.safeParse(ctx.args[1]);
  if (input && !input.success) throw new CliError(input.error.issues[0]?.message ?? "invalid JSON input", EXIT.USAGE);

  const session = await openSession(ctx.config, ctx.baseUrl);
  // The typed client's untyped core: the path is only known at run time.
  const result = await getUntypedClient(session.api)
    .query(path.data, input?.data, callOptions())
    .catch((error: unknown) => {
      throw describeError(error, { baseUrl: ctx.baseUrl, action: `calling ${path.data}` });
    });
  ctx.stdout(JSON.stringify(result, null, 2) ?? "null");
};
