// The revocation feed: Server-Sent Events that carry Rotor's revocations to other services (@rotor/verify's
// "feed" source), for services that must not touch Rotor's Redis. GET, `Authorization: Bearer <service
// credential>`. Each connection gets, in order:
//   retry: 1000
//   event: revoked   id: <until>   data: {"sid","until"}   -- the snapshot: sessions revoked whose access
//                                                            tokens may still be alive (since Last-Event-ID,
//                                                            minus a margin, when the client resumes)
//   event: ready                                             -- the snapshot is complete
//   event: revoked ...                                       -- live, as revocations happen
//   event: heartbeat  data: {"now"}                          -- every heartbeatMs, so silence means a dead link
// PostgreSQL is the source of truth for the snapshot; live events come from the revocation list's pub/sub
// channel, subscribed to before the snapshot is read so nothing falls between the two. When the subscription
// is interrupted the stream ends: the client reconnects and resumes, and the snapshot covers the gap. `until`
// (the event id) is the revocation time plus the access-token window; a tenant-scoped credential gets only
// its tenant's sessions.
import type { PrismaClient } from "@rotor/db";
import type { ServiceCredentials, ServicePrincipal } from "@rotor/auth";
import type { Subscription, SubscriptionListener } from "@rotor/store";
import { bearerToken } from "../context.ts";
import { serviceErrorResponse } from "./service-error-response.ts";

export interface RevocationFeedOptions {
  prisma: PrismaClient;
  credentials: ServiceCredentials;
  /** Subscribes to the revocation list's channel (`revocationChannel()` on the shared store). */
  subscribe: (listener: SubscriptionListener) => Promise<Subscription>;
  /** Access-token lifetime plus clock tolerance, in ms: how long a revocation matters. */
  windowMs: number;
  /** @default Date.now */
  clock?: () => number;
  /** @default 5000 */
  heartbeatMs?: number;
  /**
   * How far before Last-Event-ID a resumed snapshot starts, in ms: covers revocations committed on other
   * instances (other clocks) and published out of order.
   * @default 60000
   */
  resumeMarginMs?: number;
  /**
   * How often an open stream re-checks its credential, in ms (a revoked credential's streams end).
   * @default 60000
   */
  recheckCredentialMs?: number;
}

export interface RevocationFeed {
  handle(request: Request): Promise<Response>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LAST_EVENT_ID = /^\d{1,15}$/;

function parseRevocation(message: string): { sid: string; until: number } | null {
  try {
    const parsed = JSON.parse(message) as { sid?: unknown; until?: unknown };
    if (typeof parsed.sid === "string" && UUID.test(parsed.sid) && typeof parsed.until === "number" && Number.isFinite(parsed.until)) {
      return { sid: parsed.sid, until: parsed.until };
    }
  } catch {
    // not one of ours
  }
  return null;
}

export function createRevocationFeed(options: RevocationFeedOptions): RevocationFeed {
  const { prisma, credentials, windowMs } = options;
  const clock = options.clock ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const resumeMarginMs = options.resumeMarginMs ?? 60_000;
  const recheckMs = options.recheckCredentialMs ?? 60_000;
  const encoder = new TextEncoder();

  function open(principal: ServicePrincipal, credential: string, lastEventId: number | null): ReadableStream<Uint8Array> {
    let subscription: Subscription | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let ended = false;
    /** Live events in arrival order; the tenant lookup is async, so they queue through one chain. */
    let chain: Promise<void> = Promise.resolve();

    const stop = () => {
      ended = true;
      clearInterval(heartbeat);
      void subscription?.unsubscribe().catch(() => undefined);
    };

    return new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (text: string) => {
          if (ended) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            stop();
          }
        };
        const end = () => {
          if (ended) return;
          stop();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        const revoked = (sid: string, until: number) => send(`event: revoked\nid: ${until}\ndata: ${JSON.stringify({ sid, until })}\n\n`);
        const inScope = async (sid: string) => {
          if (principal.tenantId === null) return true;
          const session = await prisma.session.findUnique({ where: { id: sid }, select: { tenantId: true } });
          return session?.tenantId === principal.tenantId;
        };

        const forward = (revocation: { sid: string; until: number }) => {
          chain = chain
            .then(async () => {
              if (await inScope(revocation.sid)) revoked(revocation.sid, revocation.until);
            })
            .catch(end);
        };
        const buffered: Array<{ sid: string; until: number }> = [];
        let live = false;
        send("retry: 1000\n\n");
        try {
          subscription = await options.subscribe({
            onMessage(message) {
              const revocation = parseRevocation(message);
              if (!revocation) return;
              if (live) forward(revocation);
              else buffered.push(revocation);
            },
            // Revocations published from now on would be lost: end, so the client resumes with a snapshot.
            onInterrupted: end,
          });
          const now = clock();
          const since = Math.max(now - windowMs, lastEventId === null ? -Infinity : lastEventId - windowMs - resumeMarginMs);
          const sessions = await prisma.session.findMany({
            where: { revokedAt: { gt: new Date(since) }, ...(principal.tenantId === null ? {} : { tenantId: principal.tenantId }) },
            select: { id: true, revokedAt: true },
            orderBy: { revokedAt: "asc" },
          });
          for (const session of sessions) revoked(session.id, (session.revokedAt?.getTime() ?? now) + windowMs);
          send(`event: ready\ndata: ${JSON.stringify({ snapshot: sessions.length })}\n\n`);
          live = true;
          for (const revocation of buffered.splice(0)) forward(revocation);
        } catch {
          // Database or store down: end the stream; the client retries and the snapshot covers the gap.
          end();
          return;
        }
        let beats = 0;
        heartbeat = setInterval(() => {
          send(`event: heartbeat\ndata: ${JSON.stringify({ now: clock() })}\n\n`);
          if (++beats % Math.max(1, Math.round(recheckMs / heartbeatMs)) !== 0) return;
          credentials.authenticateBearer(credential).then((still) => (still ? undefined : end()), end);
        }, heartbeatMs);
      },
      cancel: stop,
    });
  }

  return {
    async handle(request) {
      const credential = bearerToken(request.headers);
      let principal: ServicePrincipal | null = null;
      try {
        principal = credential ? await credentials.authenticateBearer(credential) : null;
      } catch {
        return serviceErrorResponse("SERVICE_UNAVAILABLE");
      }
      if (!principal || !credential) return serviceErrorResponse("SERVICE_CREDENTIAL_INVALID");
      const header = request.headers.get("last-event-id");
      const lastEventId = header !== null && LAST_EVENT_ID.test(header) ? Number(header) : null;
      return new Response(open(principal, credential, lastEventId), {
        headers: {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store, no-transform",
          // Proxies (nginx) must pass events through as they are written.
          "x-accel-buffering": "no",
        },
      });
    },
  };
}
