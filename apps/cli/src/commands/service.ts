// rotor service create <name> | list | revoke <id>: credentials for the signed-in admin's tenant's other
// services (revocation feed, introspection, token revocation). Goes through the API (admin.serviceCredentials),
// so it is authorised, tenant-scoped and audited like every other admin action; the secret is printed once.
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import type { Command } from "../command.ts";
import { callOptions } from "../client.ts";
import { describeError } from "../describe-error.ts";
import { EXIT } from "../exit-codes.ts";
import { openSession } from "../session.ts";

const USAGE = "Usage: rotor service create <name> | rotor service list [--json] | rotor service revoke <id>";
const iso = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "-");

export const service: Command = async (ctx) => {
  const [action, ...rest] = ctx.args;
  const session = await openSession(ctx.config, ctx.baseUrl);
  const api = session.api.admin.serviceCredentials;
  const fail = (action: string) => (error: unknown) => {
    throw describeError(error, { baseUrl: ctx.baseUrl, action });
  };

  if (action === "create" && rest.length === 1) {
    const created = await api.create.mutate({ name: rest[0]! }, callOptions()).catch(fail("creating a service credential"));
    if (ctx.options.json) {
      ctx.stdout(JSON.stringify(created, null, 2));
      return;
    }
    ctx.stdout(`Created service credential ${created.id} (${created.name}). Shown once; store it now:`);
    ctx.stdout(`  client_id:     ${created.id}`);
    ctx.stdout(`  client_secret: ${created.clientSecret}`);
    ctx.stdout(`  bearer:        ${created.bearer}`);
    return;
  }
  if (action === "list" && rest.length === 0) {
    const list = await api.list.query(undefined, callOptions()).catch(fail("listing service credentials"));
    if (ctx.options.json) {
      ctx.stdout(JSON.stringify(list, null, 2));
      return;
    }
    const rows = [["ID", "NAME", "CREATED", "REVOKED"], ...list.map((c) => [c.id, c.name, iso(c.createdAt), iso(c.revokedAt)])];
    const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
    for (const row of rows) ctx.stdout(row.map((cell, col) => cell.padEnd(widths[col]!)).join("  ").trimEnd());
    return;
  }
  if (action === "revoke" && rest.length === 1) {
    const id = z.uuid().safeParse(rest[0]);
    if (!id.success) throw new CliError(`Not a service credential id: ${rest[0]}`, EXIT.USAGE);
    await api.revoke.mutate({ id: id.data }, callOptions()).catch(fail(`revoking service credential ${id.data}`));
    ctx.stdout(`Revoked service credential ${id.data}.`);
    return;
  }
  throw new CliError(USAGE, EXIT.USAGE);
};
