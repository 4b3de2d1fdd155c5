// The composition root: builds every server-side service from env once per process. The Next.js app and
// the standalone test server both call this, so what the tests run is what production runs.
// Redis when REDIS_URL is set (revocation list + rate limits shared across instances), otherwise the
// in-process store, which is only correct for a single process.
import { createDatabase, parseRetentionEnv, scheduleCleanup } from "@rotor/db";
import {
  AuthConfigError,
  createRevocationGuard,
  createServiceCredentials,
  createTokenService,
  lifetimesFromEnv,
  parseAuthEnv,
  resolveAuthSecrets,
} from "@rotor/auth";
import {
  createMemoryStore,
  createRateLimits,
  createRedisStore,
  createRevocationList,
  parseStoreEnv,
  revocationChannel,
  type KeyValueStore,
} from "@rotor/store";
import type { ApiServices } from "../context.ts";
import { parseApiLimits, type ApiLimits } from "../edge/api-limits.ts";
import { rotorMetrics } from "../metrics/rotor-metrics.ts";
import { pino, type Logger } from "pino";
import { createAlertMonitor } from "../alerts/alert-monitor.ts";
import { parseAlertEnv } from "../alerts/alert-env.ts";
import { createWebhookSender } from "../alerts/webhook-sender.ts";
import { createOAuthEndpoints, type OAuthEndpoints } from "../oauth/create-oauth-endpoints.ts";
import { createRevocationFeed, type RevocationFeed } from "../revocation-feed/create-revocation-feed.ts";

export interface CreateServicesOptions {
  env: Record<string, string | undefined>;
  databaseUrl: string;
  production: boolean;
  /** Folder for generated development keys (ignored when AUTH_JWKS is set). */
  devDataDir?: string;
  /** pg pool size. @default 10 */
  poolSize?: number;
  /** Structured log for alerts. @default pino to stdout */
  logger?: Logger;
  /** @default console.warn */
  log?: (message: string, error?: unknown) => void;
}

export interface HealthReport {
  status: "ok" | "degraded" | "error";
  app: "ok";
  database: { status: "ok" | "down"; latencyMs?: number };
  redis: { status: "ok" | "degraded" | "disabled"; latencyMs?: number };
}

export interface Services {
  services: ApiServices;
  /** Request bounds for the HTTP edge (API_MAX_*). */
  limits: ApiLimits;
  /** GET /api/revocations/stream: revocations for other services (Server-Sent Events). */
  revocationFeed: RevocationFeed;
  /** POST /api/oauth/introspect (RFC 7662) and /api/oauth/revoke (RFC 7009). */
  oauth: OAuthEndpoints;
  health: () => Promise<HealthReport>;
  close: () => Promise<void>;
}

/** A reconnecting Redis client reports every failed attempt; one line per message every 10 s is enough. */
function throttled(log: (message: string, error?: unknown) => void) {
  const last = new Map<string, number>();
  return (message: string, error?: unknown) => {
    const key = `${message}:${error instanceof Error ? error.message : ""}`;
    const now = Date.now();
    if ((last.get(key) ?? 0) + 10_000 > now) return;
    last.set(key, now);
    log(message, error);
  };
}

const elapsed = (start: number) => Math.round((performance.now() - start) * 10) / 10;

export async function createServices(options: CreateServicesOptions): Promise<Services> {
  const log = throttled(options.log ?? ((message: string, error?: unknown) => console.warn(`[rotor] ${message}`, error ?? "")));
  const authEnv = parseAuthEnv(options.env);
  const storeEnv = parseStoreEnv(options.env);
  const lifetimes = lifetimesFromEnv(authEnv);
  const limits = parseApiLimits(options.env);
  const retention = parseRetentionEnv(options.env);
  const alertEnv = parseAlertEnv(options.env);
  // An ended session must outlive its last access token, or the session guard would answer for a session
  // it can no longer find (and revocation resync would miss it).
  if (retention.sessionGraceSeconds < lifetimes.accessTokenTtl + lifetimes.clockTolerance) {
    throw new AuthConfigError(
      "AUTH_ENV_INVALID",
      "RETENTION_SESSION_GRACE must be at least AUTH_ACCESS_TOKEN_TTL + AUTH_CLOCK_TOLERANCE seconds",
    );
  }
  const database = createDatabase({ connectionString: options.databaseUrl, maxConnections: options.poolSize ?? 10 });
  const { prisma } = database;
  const secrets = await resolveAuthSecrets({ env: authEnv, production: options.production, ...(options.devDataDir ? { devDataDir: options.devDataDir } : {}) });

  const redis = storeEnv.redisUrl ? createRedisStore({ url: storeEnv.redisUrl, onError: (e) => log("redis error", e) }) : undefined;
  const store: KeyValueStore = redis ?? createMemoryStore();
  const revocations = createRevocationList({ store, cacheTtlMs: storeEnv.revocationCacheTtlMs, onError: (e) => log(`revocation list: ${e.code}`) });
  // RATE_LIMIT_DISABLED: no limits object at all, so a refresh skips the limiter's calls and its token
  // digests instead of running them against limits that always answer yes.
  const rateLimits = storeEnv.rateLimits.disabled
    ? undefined
    : createRateLimits({ ...(redis ? { redis: redis.client } : {}), config: storeEnv.rateLimits, onError: (e) => log("rate limits", e) });
  const guard = createRevocationGuard({ prisma, sql: database.pool, clock: Date.now, lifetimes, revocations, onError: (e, context) => log(`revocation ${context} degraded`, e) });
  // The process-wide Prometheus registry (see rotor-metrics.ts); the gauge reads the live-session count
  // through the session(idle_expires_at) index.
  const metrics = rotorMetrics();
  // The gauge reads through the services built last that are still open. A process may build short-lived
  // services too (the start-up check in instrumentation builds and closes its own): closing them hands the
  // gauge back to the ones they replaced instead of leaving it on a closed pool.
  const previousActiveSessionsRead = metrics.activeSessions.read;
  const readActiveSessions = async () => {
    const [row] = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "session" WHERE idle_expires_at > now() AND revoked_at IS NULL`;
    return Number(row?.n ?? 0);
  };
  metrics.activeSessions.read = readActiveSessions;

  const tokens = createTokenService({
    metrics: metrics.metrics,
    prisma,
    sql: database.pool,
    keySet: secrets.keySet,
    refreshEncryptionKey: secrets.refreshEncryptionKey,
    lifetimes,
    sessionGuard: guard.sessionGuard,
    onSessionsRevoked: guard.publish,
  });
  // A fresh in-process store (or a Redis that lost its data) knows no revocations: copy in the ones whose
  // access tokens may still be alive before serving the first request.
  await guard.resync();
  // Structured server log (one JSON line per event) for alerts.
  const logger = options.logger ?? pino({ name: "rotor" });
  const alerts = createAlertMonitor({
    tokens,
    thresholds: alertEnv,
    logger,
    ...(redis ? { redis: redis.client } : {}),
    ...(alertEnv.ALERT_WEBHOOK_URL && alertEnv.ALERT_WEBHOOK_SECRET
      ? {
          webhook: createWebhookSender({
            url: alertEnv.ALERT_WEBHOOK_URL,
            secret: alertEnv.ALERT_WEBHOOK_SECRET,
            onGiveUp: (reason, payload) => logger.error({ reason, payload }, "alert webhook delivery abandoned"),
          }),
        }
      : {}),
  });
  // Every instance schedules the retention job; its advisory lock lets one run at a time.
  const cleanup = scheduleCleanup({
    pool: database.pool,
    policy: retention,
    onError: (error) => log("retention cleanup failed", error),
  });
  const serviceCredentials = createServiceCredentials({ prisma, clock: Date.now });
  const revocationFeed = createRevocationFeed({
    prisma,
    credentials: serviceCredentials,
    subscribe: (listener) => store.subscribe(revocationChannel(), listener),
    windowMs: (lifetimes.accessTokenTtl + lifetimes.clockTolerance) * 1000,
  });

  return {
    services: { tokens, prisma, rateLimits, alerts, serviceCredentials },
    limits,
    revocationFeed,
    oauth: createOAuthEndpoints({ tokens, credentials: serviceCredentials }),
    async health() {
      const dbStart = performance.now();
      const database: HealthReport["database"] = await prisma.$queryRaw`SELECT 1`.then(
        () => ({ status: "ok" as const, latencyMs: elapsed(dbStart) }),
        () => ({ status: "down" as const }),
      );
      const redisHealth: HealthReport["redis"] = redis
        ? await revocations.health().then(
            (h) => ({ status: h.status, latencyMs: h.latencyMs }),
            () => ({ status: "degraded" as const }),
          )
        : { status: "disabled" };
      const status = database.status === "down" ? "error" : redisHealth.status === "degraded" ? "degraded" : "ok";
      return { status, app: "ok", database, redis: redisHealth };
    },
    async close() {
      if (metrics.activeSessions.read === readActiveSessions) metrics.activeSessions.read = previousActiveSessionsRead;
      await cleanup.stop();
      await alerts.close();
      await revocations.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      await database.close();
    },
  };
}
