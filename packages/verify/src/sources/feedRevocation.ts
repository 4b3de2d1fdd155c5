// Revocation through Rotor's revocation feed (Server-Sent Events, GET /api/revocations/stream): on every
// connection Rotor first sends the sessions revoked since `Last-Event-ID` (all still-relevant ones when absent),
// then `ready`, then each revocation as it happens and a heartbeat every few seconds. Answers come from memory;
// while the connection is down or silent the source answers "unknown" and reconnects, resuming from the last
// event id, so a revocation made while it was away still arrives.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { FeedRevocationOptions } from "../types.ts";
import type { RevocationSource, RevocationState, SourceContext } from "./revocationSource.ts";
import { revokedSessions } from "./revokedSessions.ts";

const MAX_RECONNECT_DELAY_MS = 10_000;

export function feedRevocation(options: FeedRevocationOptions, context: SourceContext): RevocationSource {
  const { clock, warn } = context;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 15_000;
  const firstDelayMs = options.reconnectDelayMs ?? 500;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const revoked = revokedSessions(clock);
  let lastEventId: string | null = null;
  let lastHealthyAt: number | null = null;
  /** Between `ready` and the end of the connection that sent it. */
  let live = false;
  let wasLive = false;
  let closed = false;
  let controller: AbortController | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  /** Ends the wait before a reconnection (on close). */
  let wake: () => void = () => undefined;
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

  function heard() {
    if (live) lastHealthyAt = clock();
    clearTimeout(watchdog);
    // Silence means a dead connection (a half-open TCP stream never errors by itself): abort and reconnect.
    watchdog = setTimeout(() => controller?.abort(), heartbeatTimeoutMs);
  }

  function onEvent(event: EventSourceMessage) {
    heard();
    if (event.event === "revoked") {
      let parsed: { sid?: unknown; until?: unknown };
      try {
        parsed = JSON.parse(event.data) as typeof parsed;
      } catch {
        return;
      }
      if (typeof parsed.sid === "string" && typeof parsed.until === "number") revoked.add(parsed.sid, parsed.until);
      // Resume from the newest revocation seen (ids are revocation times; Rotor re-sends a margin before it).
      if (event.id !== undefined && (lastEventId === null || Number(event.id) > Number(lastEventId))) lastEventId = event.id;
    } else if (event.event === "ready") {
      live = true;
      lastHealthyAt = clock();
      if (wasLive) warn("REVOCATION_SOURCE_UP", "revocation feed reconnected");
      wasLive = true;
      resolveReady();
    } else if (event.event === "heartbeat") {
      revoked.prune();
    }
  }

  async function connectOnce(): Promise<"ended" | "refused"> {
    controller = new AbortController();
    const headers: Record<string, string> = { accept: "text/event-stream", authorization: `Bearer ${options.credential}` };
    if (lastEventId !== null) headers["last-event-id"] = lastEventId;
    heard();
    const response = await doFetch(options.url, { headers, signal: controller.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 401 || response.status === 403) return "refused";
      return "ended";
    }
    const parser = createParser({ onEvent });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return "ended";
      parser.feed(decoder.decode(value, { stream: true }));
    }
  }

  async function run() {
    let delayMs = firstDelayMs;
    while (!closed) {
      let outcome: "ended" | "refused" | "failed";
      try {
        outcome = await connectOnce();
      } catch {
        outcome = "failed";
      }
      clearTimeout(watchdog);
      if (closed) return;
      if (live) {
        // A connection that got as far as `ready` was a success: the next attempt starts with a short delay.
        delayMs = firstDelayMs;
        warn("REVOCATION_SOURCE_DOWN", "revocation feed disconnected");
      }
      if (outcome === "refused") warn("FEED_REFUSED", "revocation feed refused the service credential");
      live = false;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delayMs * (0.5 + Math.random() / 2));
      });
      delayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS);
    }
  }
  const running = run();

  function check(sessionId: string): RevocationState {
    if (revoked.has(sessionId)) return "revoked";
    return live && lastHealthyAt !== null && clock() - lastHealthyAt <= heartbeatTimeoutMs ? "active" : "unknown";
  }

  return {
    check,
    lastHealthyAt: () => lastHealthyAt,
    healthy: () => live,
    ready: () => readyPromise,
    async close() {
      closed = true;
      controller?.abort();
      clearTimeout(watchdog);
      wake();
      resolveReady();
      await running;
    },
  };
}
