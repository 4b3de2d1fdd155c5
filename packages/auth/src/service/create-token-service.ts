// The token service factory: wires keys, lifetimes, clock and storage into the operations. Framework-free;
// the API layer adapts it to tRPC and the app decides where its dependencies come from.
import type { PrismaClient } from "@rotor/db";
import { createAccessTokenVerifier } from "../access-token/verify-access-token.ts";
import { createDeviceTokens } from "../device-token/device-tokens.ts";
import { systemClock, type Clock } from "../clock.ts";
import type { TokenLifetimes } from "../env.ts";
import type { KeySet } from "../keys/key-set.ts";
import { noopAuthMetrics, type AuthMetrics } from "../metrics/auth-metrics.ts";
import { createPasswordHasher, type PasswordHasher } from "../password/password-hasher.ts";
import { createReplayCipher } from "../refresh-token/replay-cipher.ts";
import { createDatabaseSessionGuard } from "./database-session-guard.ts";
import { hashRefreshToken, isWellFormedRefreshToken } from "../refresh-token/refresh-token.ts";
import { auditRow, type AuditInput } from "./audit.ts";
import { introspectRefreshToken } from "./introspect-refresh-token.ts";
import { login, type LoginInput } from "./login.ts";
import * as queries from "./queries.ts";
import * as operations from "./operations.ts";
import { refresh, type RefreshInput } from "./refresh.ts";
import * as revoke from "./revoke.ts";
import type { AuthSubject, RevokedSession, SessionGuard, SqlClient, TokenServiceDeps } from "./types.ts";

/** Who an audit row is about. */
export interface AuditScope {
  tenantId: string;
  userId: string | null;
  sessionId: string | null;
}

export interface CreateTokenServiceOptions {
  prisma: PrismaClient;
  /** The pg pool under `prisma` (see @rotor/db's createDatabase), for the single-statement rotation. */
  sql: SqlClient;
  keySet: KeySet;
  refreshEncryptionKey: Uint8Array;
  lifetimes: TokenLifetimes;
  /** @default Date.now */
  clock?: Clock;
  /** @default a fresh argon2id hasher */
  passwords?: PasswordHasher;
  /**
   * Checks the session behind each access token.
   * @default one database lookup per request
   */
  sessionGuard?: SessionGuard | ((deps: { prisma: PrismaClient; sql: SqlClient; clock: Clock }) => SessionGuard);
  /** Told about committed revocations (e.g. to publish them to Redis). @default no-op */
  onSessionsRevoked?: (sessions: RevokedSession[]) => Promise<void> | void;
  /** Reports errors from hooks, which never fail the operation that called them. @default console.error */
  onHookError?: (error: unknown) => void;
  /** Where logins, refreshes, revocations and rate-limit refusals are counted. @default no-op */
  metrics?: AuthMetrics;
  /** Verified-token cache size; 0 disables. @default 10000 */
  verifierCacheSize?: number;
  /** Lifetime of device tokens (trusted devices for login limits), seconds. @default 15552000 (180 days) */
  deviceTokenTtl?: number;
}

export type TokenService = ReturnType<typeof createTokenService>;

export function createTokenService(options: CreateTokenServiceOptions) {
  if (options.lifetimes.refreshReuseInterval >= options.lifetimes.refreshTokenTtl) {
    throw new RangeError("lifetimes.refreshReuseInterval must be shorter than lifetimes.refreshTokenTtl");
  }
  if (options.lifetimes.accessTokenTtl > options.lifetimes.sessionMaxAge) {
    throw new RangeError("lifetimes.accessTokenTtl must not exceed lifetimes.sessionMaxAge");
  }
  const clock = options.clock ?? systemClock;
  const onHookError = options.onHookError ?? ((error: unknown) => console.error("[rotor/auth] hook failed", error));
  const guardOption = options.sessionGuard;
  const deps: TokenServiceDeps = {
    prisma: options.prisma,
    sql: options.sql,
    keySet: options.keySet,
    lifetimes: options.lifetimes,
    clock,
    metrics: options.metrics ?? noopAuthMetrics,
    passwords: options.passwords ?? createPasswordHasher(),
    replayCipher: createReplayCipher(options.refreshEncryptionKey),
    verifyAccessToken: createAccessTokenVerifier({
      keySet: options.keySet,
      lifetimes: options.lifetimes,
      clock,
      cacheSize: options.verifierCacheSize ?? 10_000,
    }),
    sessionGuard:
      typeof guardOption === "function"
        ? guardOption({ prisma: options.prisma, sql: options.sql, clock })
        : (guardOption ?? createDatabaseSessionGuard({ sql: options.sql, clock })),
    async onSessionsRevoked(sessions) {
      try {
        await options.onSessionsRevoked?.(sessions);
      } catch (error) {
        onHookError(error);
      }
    },
  };

  /** Verifies an access token and checks its session is alive; throws AuthError otherwise. */
  async function authenticate(accessToken: string): Promise<AuthSubject> {
    const claims = await deps.verifyAccessToken(accessToken);
    const subject: AuthSubject = {
      userId: claims.sub,
      sessionId: claims.sid,
      tenantId: claims.tid,
      role: claims.role,
      expiresAt: claims.exp * 1000,
    };
    await deps.sessionGuard.assertActive(subject);
    return subject;
  }

  /** Whose session a refresh token belongs to (to audit a refused refresh), without validating it. */
  async function sessionOfRefreshToken(refreshToken: string): Promise<AuditScope | null> {
    if (!isWellFormedRefreshToken(refreshToken)) return null;
    const row = await deps.prisma.refreshToken.findUnique({
      where: { tokenHash: hashRefreshToken(refreshToken) },
      select: { session: { select: { id: true, userId: true, tenantId: true } } },
    });
    return row ? { sessionId: row.session.id, userId: row.session.userId, tenantId: row.session.tenantId } : null;
  }

  /** Which tenant and user a login names, if they exist (to audit a refused login where the tenant sees it). */
  async function accountOf(tenant: string, email: string): Promise<AuditScope | null> {
    const tenantRow = await deps.prisma.tenant.findUnique({ where: { slug: tenant }, select: { id: true } });
    if (!tenantRow) return null;
    const user = await deps.prisma.user.findUnique({
      where: { tenantId_email: { tenantId: tenantRow.id, email: email.trim().toLowerCase() } },
      select: { id: true },
    });
    return { tenantId: tenantRow.id, userId: user?.id ?? null, sessionId: null };
  }

  /** Writes an audit event that records no other change (e.g. a refused, rate-limited request). */
  async function recordAudit(input: Omit<AuditInput, "startedAt"> & { startedAt?: number }): Promise<void> {
    await deps.prisma.auditEvent.create({
      data: auditRow({ ...input, startedAt: input.startedAt ?? performance.now() }, new Date(clock())),
    });
  }

  return {
    deps,
    deviceTokens: createDeviceTokens({
      keySet: options.keySet,
      lifetimes: options.lifetimes,
      clock,
      ...(options.deviceTokenTtl === undefined ? {} : { ttlSec: options.deviceTokenTtl }),
    }),
    sessionOfRefreshToken,
    accountOf,
    recordAudit,
    publicJwks: () => options.keySet.publicJwks,
    login: (input: LoginInput) => login(deps, input),
    refresh: (input: RefreshInput) => refresh(deps, input),
    authenticate,
    /** Verification only, without the session check (for tools and benchmarks). */
    verifyAccessToken: deps.verifyAccessToken,
    logout: (input: revoke.RevokeInput) => revoke.logout(deps, input),
    logoutAll: (input: revoke.RevokeInput) => revoke.logoutAll(deps, input),
    revokeOtherSessions: (input: revoke.RevokeInput) => revoke.revokeOtherSessions(deps, input),
    revokeSession: (input: revoke.RevokeSessionInput) => revoke.revokeSession(deps, input),
    revokeSessionForService: (input: revoke.RevokeForServiceInput) => revoke.revokeSessionForService(deps, input),
    introspectRefreshToken: (token: string) => introspectRefreshToken(deps, token),
    revokeUserSessions: (input: revoke.RevokeUserSessionsInput) => revoke.revokeUserSessions(deps, input),
    getProfile: (actor: AuthSubject) => queries.getProfile(deps, actor),
    listOwnSessions: (actor: AuthSubject) => queries.listOwnSessions(deps, actor),
    listTenantSessions: (actor: AuthSubject) => queries.listTenantSessions(deps, actor),
    listTenantUsers: (actor: AuthSubject) => queries.listTenantUsers(deps, actor),
    listTenantAudit: (actor: AuthSubject, query: queries.AuditQuery) => queries.listTenantAudit(deps, actor, query),
    pageTenantAudit: (actor: AuthSubject, query: operations.AuditPageQuery) => operations.pageTenantAudit(deps, actor, query),
    operationsStats: (actor: AuthSubject, minutes: number) => operations.operationsStats(deps, actor, minutes),
  };
}

