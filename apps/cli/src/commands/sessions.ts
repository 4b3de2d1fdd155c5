// rotor sessions: the signed-in user's active sessions; `*` marks this CLI's own.
import type { Command } from "../command.ts";
import { callOptions } from "../client.ts";
import { describeError } from "../describe-error.ts";
import { openSession } from "../session.ts";

const iso = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "-");

export const sessions: Command = async (ctx) => {
  const session = await openSession(ctx.config, ctx.baseUrl);
  const list = await session.api.auth.sessions.list.query(undefined, callOptions()).catch((error: unknown) => {
    throw describeError(error, { baseUrl: ctx.baseUrl, action: "listing your sessions" });
  });
  if (ctx.options.json) {
    ctx.stdout(JSON.stringify(list, null, 2));
    return;
  }
  const rows = [
    ["", "ID", "CREATED", "LAST REFRESH", "IP", "USER AGENT"],
    ...list.map((s) => [s.current ? "*" : "", s.id, iso(s.createdAt), iso(s.lastRefreshedAt), s.ip ?? "-", (s.userAgent ?? "-").slice(0, 40)]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  for (const row of rows) ctx.stdout(row.map((cell, col) => cell.padEnd(widths[col]!)).join("  ").trimEnd());
  ctx.stdout(`${list.length} active session${list.length === 1 ? "" : "s"}.`);
};
