// Alerts end to end on a real database and a real local webhook receiver (node:http): each suspicious
// pattern becomes an audit alert row with its evidence, one structured pino line and a signed webhook
// delivery (retried after a 503), none of it on the request path.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "@rotor/auth/testing";
import { createTestApi, type TestApi } from "../testing/create-test-api.ts";
import { createAlertMonitor, type AlertMonitor } from "./alert-monitor.ts";
import { parseAlertEnv } from "./alert-env.ts";
import { SIGNATURE_HEADER } from "./sign-webhook.ts";
import { createWebhookSender } from "./webhook-sender.ts";

const SECRET = "webhook-secret-for-tests-0123456789abcdef";

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

let t: TestApi;
let receiver: Server;
let alerts: AlertMonitor;
const deliveries: Delivery[] = [];
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await createTestApi();
  // The receiver refuses its very first delivery with a 503, to see the retry.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const status = deliveries.length === 0 ? 503 : 204;
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  alerts = createAlertMonitor({
    tokens: t.service,
    thresholds: parseAlertEnv({
      ALERT_BRUTE_FORCE_ACCOUNT_COUNT: "3",
      ALERT_BRUTE_FORCE_IP_COUNT: "4",
      ALERT_REFRESH_STORM_COUNT: "5",
      ALERT_MANY_IPS_COUNT: "3",
    }),
    logger: pino({ name: "rotor-test" }, logStream),
    webhook: createWebhookSender({ url: `http://127.0.0.1:${port}/hook`, secret: SECRET, baseDelayMs: 20 }),
  });
  t.services.alerts = alerts;
});
afterAll(async () => {
  await alerts?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.close();
});

/** Checks `t=<unix>,v1=<hex>` against an HMAC of "<t>.<body>" computed here. */
function hasValidSignature(delivery: Delivery): boolean {
  const header = String(delivery.headers[SIGNATURE_HEADER] ?? "");
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac("sha256", SECRET).update(`${match[1]}.${delivery.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, "hex"));
}

const login = (email: string, password: string, ip: string) =>
  t.caller(undefined, { ip }).auth.login({ tenant: "acme", email, password }).catch((e: unknown) => e);

describe("alerts", () => {
  it("raise audit rows, log lines and signed webhook deliveries for each pattern", async () => {
    // Brute force on one account, from three addresses.
    for (let i = 1; i <= 3; i++) await login("user@acme.test", `guess-${i}`, `203.0.113.${i}`);
    // Brute force from one address, over four unknown accounts.
    for (let i = 1; i <= 4; i++) await login(`nobody-${i}@acme.test`, "guess", "198.51.100.7");
    // One account signing in from three addresses.
    for (let i = 1; i <= 3; i++) await login("manager@acme.test", TEST_PASSWORD, `192.0.2.${i}`);
    // A refresh storm from one session: five rotations.
    const session = await t.signIn("admin@acme.test");
    let token = session.refreshToken;
    for (let i = 0; i < 5; i++) token = (await t.caller().auth.refresh({ refreshToken: token })).refreshToken;
    // Reuse: the first token after the reuse interval.
    t.clock.advance(11_000);
    await expect(t.caller().auth.refresh({ refreshToken: session.refreshToken })).rejects.toMatchObject({ cause: { code: "REFRESH_TOKEN_REUSED" } });

    await alerts.idle();
    const expectedTypes = ["alert-brute-force-account", "alert-brute-force-ip", "alert-many-ips", "alert-refresh-storm", "refresh-token-reused"];

    const rows = await t.prisma.auditEvent.findMany({ where: { outcome: "alert" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.type).sort()).toEqual(expectedTypes);
    expect(rows.find((r) => r.type === "alert-brute-force-account")).toMatchObject({
      tenantId: t.tenants.acme.id,
      userId: t.users.acmeUser.id,
      ip: "203.0.113.3",
      details: { tenant: "acme", email: "user@acme.test", failures: 3, windowSec: 300 },
    });
    expect(rows.find((r) => r.type === "alert-brute-force-ip")).toMatchObject({ ip: "198.51.100.7", details: { ip: "198.51.100.7", failures: 4 } });
    expect(rows.find((r) => r.type === "alert-many-ips")).toMatchObject({ userId: t.users.acmeManager.id, details: { distinctIps: 3, lastIp: "192.0.2.3" } });
    expect(rows.find((r) => r.type === "alert-refresh-storm")).toMatchObject({ sessionId: session.sessionId, userId: t.users.acmeAdmin.id, details: { refreshes: 5 } });

    const alertLogs = logLines.filter((line) => line.msg === "security alert");
    expect(alertLogs.map((line) => line.alert).sort()).toEqual(expectedTypes);
    expect(alertLogs.every((line) => line.level === 40 && line.name === "rotor-test")).toBe(true);

    // Every alert reached the receiver with a valid signature; the first delivery was retried after its 503.
    expect(deliveries.every(hasValidSignature)).toBe(true);
    const delivered = deliveries.filter((d) => d.status === 204).map((d) => JSON.parse(d.body) as { alert: string; evidence: unknown });
    expect(delivered.map((d) => d.alert).sort()).toEqual(expectedTypes);
    expect(deliveries[0]?.status).toBe(503);
    expect(deliveries.filter((d) => d.body === deliveries[0]?.body)).toHaveLength(2);
    expect(deliveries[0]?.headers["content-type"]).toBe("application/json");
  });

  it("a signature over another body or with another secret does not verify", () => {
    const good = deliveries.find((d) => d.status === 204)!;
    expect(hasValidSignature({ ...good, body: `${good.body} ` })).toBe(false);
    const header = String(good.headers[SIGNATURE_HEADER]).replace(/v1=.{4}/, "v1=0000");
    expect(hasValidSignature({ ...good, headers: { [SIGNATURE_HEADER]: header } })).toBe(false);
  });
});
