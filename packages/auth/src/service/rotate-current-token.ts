// The common case of a refresh in ONE atomic statement: rotate the token if (and only if) it is current,
// insert its successor, move the session's idle expiry and write the audit row. The UPDATE's WHERE is the
// compare-and-swap: a concurrent rotation or revocation holds the row lock, and PostgreSQL re-checks the
// condition against the committed row before going on, so at most one caller can ever rotate a token.
// Anything else (a replay, reuse, expiry, revoked session, unknown token) matches no row and is left to
// the locked transaction in refresh.ts, which tells those cases apart.
import { randomUUID } from "node:crypto";
import { isTransientDatabaseError } from "@rotor/db";
import type { AuthRole } from "../access-token/claims.ts";
import { generateRefreshToken } from "../refresh-token/refresh-token.ts";
import type { RequestMeta, TokenServiceDeps } from "./types.ts";

export interface RotatedToken {
  sessionId: string;
  userId: string;
  tenantId: string;
  role: AuthRole;
  absoluteExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/**
 * What the statement answers. The instants come back as epoch milliseconds (float8, which node-postgres reads
 * with parseFloat) rather than timestamptz, which it parses field by field into a Date (~1% of a refresh's
 * CPU for the two of them). Sub-millisecond digits are dropped by `new Date`, as they are by that parser.
 */
interface RotationRow extends Omit<RotatedToken, "refreshToken" | "absoluteExpiresAt" | "refreshExpiresAt"> {
  absoluteExpiresAtMs: number;
  refreshExpiresAtMs: number;
}

/** The rotation, exactly as sent (exported for the bench, which measures it alone as the SQL limit). */
export const ROTATE_CURRENT_TOKEN_SQL = `WITH rotated AS (
    UPDATE refresh_token rt
       SET rotated_at = $2, replay_ciphertext = NULL, replay_expires_at = NULL
      FROM "session" s
     WHERE rt.token_hash = $1
       AND rt.rotated_at IS NULL AND rt.revoked_at IS NULL AND rt.expires_at > $2
       AND s.id = rt.session_id AND s.revoked_at IS NULL AND s.absolute_expires_at > $2
    RETURNING rt.id, rt.session_id, s.user_id, s.tenant_id, s.absolute_expires_at,
              LEAST($3::timestamptz, s.absolute_expires_at) AS next_expires_at
  ),
  successor AS (
    INSERT INTO refresh_token (id, session_id, token_hash, parent_id, created_at, expires_at, replay_ciphertext, replay_expires_at)
    SELECT $4::uuid, session_id, $5, id, $2, next_expires_at, $6, $7 FROM rotated
  ),
  touched AS (
    UPDATE "session" SET last_refreshed_at = $2, idle_expires_at = rotated.next_expires_at
      FROM rotated WHERE "session".id = rotated.session_id
  ),
  audit AS (
    INSERT INTO audit_event (id, type, outcome, user_id, session_id, tenant_id, ip, user_agent, latency_ms, details, created_at)
    SELECT gen_random_uuid(), 'refresh', 'success', user_id, session_id, tenant_id, $8, $9, $10, '{}'::jsonb, $2
      FROM rotated
  )
  SELECT r.session_id AS "sessionId", r.user_id AS "userId", r.tenant_id AS "tenantId", u.role::text AS role,
         (extract(epoch FROM r.absolute_expires_at) * 1000)::float8 AS "absoluteExpiresAtMs",
         (extract(epoch FROM r.next_expires_at) * 1000)::float8 AS "refreshExpiresAtMs"
    FROM rotated r JOIN "user" u ON u.id = r.user_id`;

/** The prepared statement's name; pg prepares it once per pooled connection. */
export const ROTATE_CURRENT_TOKEN_STATEMENT = "rotor_rotate_current_token";

const isoString = (ms: number) => new Date(ms).toISOString();

export interface RotationValues {
  tokenHash: string;
  /** Epoch ms of the rotation. */
  now: number;
  lifetimes: Pick<TokenServiceDeps["lifetimes"], "refreshTokenTtl" | "refreshReuseInterval">;
  successorId: string;
  successorHash: string;
  /** The successor, sealed for replays inside the reuse interval. */
  ciphertext: string;
  meta: RequestMeta;
  latencyMs: number;
}

/** The statement's parameters, in order (exported for the bench's SQL limit, which sends exactly these). */
export function rotationValues(v: RotationValues): unknown[] {
  // Instants go out as ISO strings, which PostgreSQL reads as timestamptz: node-postgres would otherwise
  // format each Date in the process's local time zone, field by field (~2% of a refresh's CPU).
  return [
    v.tokenHash,
    isoString(v.now),
    isoString(v.now + v.lifetimes.refreshTokenTtl * 1000),
    v.successorId,
    v.successorHash,
    v.ciphertext,
    isoString(v.now + v.lifetimes.refreshReuseInterval * 1000),
    v.meta.ip?.slice(0, 64) ?? null,
    v.meta.userAgent?.slice(0, 512) ?? null,
    v.latencyMs,
  ];
}

export function rotateCurrentToken(
  deps: TokenServiceDeps,
  tokenHash: string,
  meta: RequestMeta,
  startedAt: number,
): Promise<RotatedToken | null> {
  const successor = generateRefreshToken();
  const successorId = randomUUID();
  const params = rotationValues({
    tokenHash,
    now: deps.clock(),
    lifetimes: deps.lifetimes,
    successorId,
    successorHash: successor.hash,
    ciphertext: deps.replayCipher.seal(successor.token, successorId),
    meta,
    latencyMs: Math.round(performance.now() - startedAt),
  });
  // Retried once on a transient failure (terminated connection, serialization failure, pool timeout): a
  // single autocommit statement that failed changed nothing, so running it again is safe. If it did commit
  // and only the answer was lost, the retry matches no current token and refresh.ts answers the caller as
  // a replay within the reuse interval, with this very successor.
  const run = () => deps.sql.query<RotationRow>({ name: ROTATE_CURRENT_TOKEN_STATEMENT, text: ROTATE_CURRENT_TOKEN_SQL, values: params });
  // `catch` and `then`, not an async function around an await: a promise less on every refresh.
  return run()
    .catch((error: unknown) => {
      if (isTransientDatabaseError(error)) return run();
      throw error;
    })
    .then(({ rows }) => {
      const row = rows[0];
      if (!row) return null;
      const { absoluteExpiresAtMs, refreshExpiresAtMs, ...subject } = row;
      return { ...subject, absoluteExpiresAt: new Date(absoluteExpiresAtMs), refreshExpiresAt: new Date(refreshExpiresAtMs), refreshToken: successor.token };
    });
}
