// Turns suspicious patterns into alerts: refresh-token reuse, a refresh storm from one session, brute force
// on one account or from one IP, and sign-ins of one account from many IPs in a short window. An alert is
// an audit row (`outcome = 'alert'`, the evidence in `details`), one structured pino line, and a signed
// webhook delivery when ALERT_WEBHOOK_URL is set. Every method returns at once: counting and delivery run
// off the request path, and a failure there is logged, never thrown.
import type { Logger } from "pino";
import type { AuditScope, AuditType, RequestMeta, TokenService } from "@rotor/auth";
import { createThresholdCounter, type RedisStore, type ThresholdCounter } from "@rotor/store";
import type { AlertEnv } from "./alert-env.ts";
import type { WebhookSender } from "./webhook-sender.ts";

export type AlertType = Extract<
  AuditType,
  "refresh-token-reused" | "alert-refresh-storm" | "alert-brute-force-account" | "alert-brute-force-ip" | "alert-many-ips"
>;

export interface AlertMonitor {
  /**
   * A sign-in refused for its credentials or by a login limit. `scope`: the account, when the caller already
   * looked it up; otherwise it is looked up off the request path, only if an alert fires.
   */
  loginFailed(input: { tenant: string; email: string; meta: RequestMeta; scope?: AuditScope | null }): void;
  loginSucceeded(input: { userId: string; tenantId: string; sessionId: string; meta: RequestMeta }): void;
  /** A refresh answered (rotation or replay). */
  refreshed(input: { sessionId: string; meta: RequestMeta }): void;
  /** A refresh refused as REFRESH_TOKEN_REUSED (already audited by the token service). */
  reuseDetected(input: { refreshToken: string; meta: RequestMeta }): void;
  /** Resolves when every alert raised so far has been recorded and handed to the webhook. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface AlertMonitorOptions {
  tokens: TokenService;
  thresholds: AlertEnv;
  logger: Logger;
  webhook?: WebhookSender;
  /** Shared counters across instances; without it each instance counts on its own. */
  redis?: RedisStore["client"];
  keyPrefix?: string;
  clock?: () => number;
}

export function createAlertMonitor(options: AlertMonitorOptions): AlertMonitor {
  const { tokens, thresholds: t, logger } = options;
  const clock = options.clock ?? Date.now;
  const prefix = options.keyPrefix ?? "rotor:alert";
  const counter = (name: string, threshold: number, windowSec: number): ThresholdCounter =>
    createThresholdCounter({ keyPrefix: `${prefix}:${name}`, threshold, windowSec, ...(options.redis ? { redis: options.redis } : {}) });
  const storm = counter("refresh-storm", t.ALERT_REFRESH_STORM_COUNT, t.ALERT_REFRESH_STORM_WINDOW);
  const bruteAccount = counter("brute-force-account", t.ALERT_BRUTE_FORCE_ACCOUNT_COUNT, t.ALERT_BRUTE_FORCE_ACCOUNT_WINDOW);
  const bruteIp = counter("brute-force-ip", t.ALERT_BRUTE_FORCE_IP_COUNT, t.ALERT_BRUTE_FORCE_IP_WINDOW);
  const ipFirstSeen = counter("account-ip", 1, t.ALERT_MANY_IPS_WINDOW);
  const manyIps = counter("many-ips", t.ALERT_MANY_IPS_COUNT, t.ALERT_MANY_IPS_WINDOW);
  const pending = new Set<Promise<void>>();

  /** Tracks work running off the request path until it settles; a failure is logged, never thrown. */
  function track(work: Promise<void>): void {
    const run: Promise<void> = work.then(
      () => void pending.delete(run),
      (error: unknown) => {
        pending.delete(run);
        logger.error({ err: error }, "alert processing failed");
      },
    );
    pending.add(run);
  }

  /** `work` is an async function: whatever it throws is a rejection that track() logs. */
  function background(work: () => Promise<void>): void {
    track(work());
  }

  interface Alert {
    type: AlertType;
    scope: Partial<AuditScope> | null;
    meta: RequestMeta;
    evidence: Record<string, string | number>;
    /** The token service already wrote the audit row (in the transaction that acted on it). */
    audited?: boolean;
  }

  async function raise(alert: Alert): Promise<void> {
    const at = new Date(clock()).toISOString();
    if (!alert.audited) {
      await tokens.recordAudit({ type: alert.type, outcome: "alert", meta: alert.meta, ...(alert.scope ?? {}), details: alert.evidence });
    }
    const record = {
      alert: alert.type,
      tenantId: alert.scope?.tenantId ?? null,
      userId: alert.scope?.userId ?? null,
      sessionId: alert.scope?.sessionId ?? null,
      ip: alert.meta.ip ?? null,
      evidence: alert.evidence,
      at,
    };
    logger.warn(record, "security alert");
    options.webhook?.send(record);
  }

  async function raiseRefreshStorm(sessionId: string, meta: RequestMeta): Promise<void> {
    await raise({
      type: "alert-refresh-storm",
      scope: await sessionScope(sessionId),
      meta,
      evidence: { refreshes: t.ALERT_REFRESH_STORM_COUNT, windowSec: t.ALERT_REFRESH_STORM_WINDOW },
    });
  }

  const account = (tenant: string, email: string) => `${tenant}|${email.trim().toLowerCase()}`;

  async function sessionScope(sessionId: string): Promise<AuditScope | null> {
    const session = await tokens.deps.prisma.session.findUnique({ where: { id: sessionId }, select: { userId: true, tenantId: true } });
    return session && { sessionId, userId: session.userId, tenantId: session.tenantId };
  }

  return {
    loginFailed({ tenant, email, meta, scope: known }) {
      background(async () => {
        let scope = known;
        const accountScope = async () => (scope ??= await tokens.accountOf(tenant, email));
        if (await bruteAccount.hit(account(tenant, email))) {
          await raise({
            type: "alert-brute-force-account",
            scope: await accountScope(),
            meta,
            evidence: { tenant, email: email.trim().toLowerCase(), failures: t.ALERT_BRUTE_FORCE_ACCOUNT_COUNT, windowSec: t.ALERT_BRUTE_FORCE_ACCOUNT_WINDOW },
          });
        }
        if (meta.ip && (await bruteIp.hit(meta.ip))) {
          await raise({
            type: "alert-brute-force-ip",
            scope: await accountScope().then((s) => s && { tenantId: s.tenantId }),
            meta,
            evidence: { ip: meta.ip, failures: t.ALERT_BRUTE_FORCE_IP_COUNT, windowSec: t.ALERT_BRUTE_FORCE_IP_WINDOW, lastTenant: tenant },
          });
        }
      });
    },
    loginSucceeded({ userId, tenantId, sessionId, meta }) {
      const ip = meta.ip;
      if (!ip) return;
      background(async () => {
        if (!(await ipFirstSeen.hit(`${userId}|${ip}`))) return;
        if (await manyIps.hit(userId)) {
          await raise({
            type: "alert-many-ips",
            scope: { userId, tenantId, sessionId },
            meta,
            evidence: { distinctIps: t.ALERT_MANY_IPS_COUNT, windowSec: t.ALERT_MANY_IPS_WINDOW, lastIp: ip },
          });
        }
      });
    },
    refreshed({ sessionId, meta }) {
      // Every refresh comes through here: in one process the count answers at once and a refresh under the
      // threshold costs no promise at all; only the one refresh that reaches it goes on to raise the alert.
      const reached = storm.hit(sessionId);
      if (reached === false) return;
      track(reached === true ? raiseRefreshStorm(sessionId, meta) : reached.then((yes) => (yes ? raiseRefreshStorm(sessionId, meta) : undefined)));
    },
    reuseDetected({ refreshToken, meta }) {
      background(async () => {
        const scope = await tokens.sessionOfRefreshToken(refreshToken);
        await raise({ type: "refresh-token-reused", scope, meta, evidence: { reason: "rotated token presented after the reuse interval" }, audited: true });
      });
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
      await options.webhook?.idle();
    },
    async close() {
      await this.idle();
      await options.webhook?.close();
    },
  };
}
