// Delivers alerts to ALERT_WEBHOOK_URL off the request path: send() only queues. Each delivery is a signed
// POST, retried with exponential backoff (with jitter) on a network error, a time-out or a 5xx/429; other
// answers end it. The queue is bounded: past `maxQueued` deliveries in progress a new alert is dropped and reported.
import { signWebhook, SIGNATURE_HEADER } from "./sign-webhook.ts";

export interface WebhookSenderOptions {
  url: string;
  secret: string;
  /** @default 6 */
  maxAttempts?: number;
  /** First retry delay; doubles each time. @default 1000 */
  baseDelayMs?: number;
  /** @default 5000 */
  timeoutMs?: number;
  /** @default 1000 */
  maxQueued?: number;
  /** @default Date.now */
  clock?: () => number;
  onGiveUp?: (reason: string, payload: unknown) => void;
}

export interface WebhookSender {
  send(payload: unknown): void;
  /** Resolves when every queued delivery has ended (delivered or given up). */
  idle(): Promise<void>;
  /** Abandons pending retries and waits for deliveries in progress. */
  close(): Promise<void>;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxQueued = options.maxQueued ?? 1000;
  const clock = options.clock ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  const sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = { timer: setTimeout(() => done(), ms), wake: () => done() };
      const done = () => {
        clearTimeout(entry.timer);
        sleeping.delete(entry);
        resolve();
      };
      entry.timer.unref();
      sleeping.add(entry);
    });

  async function deliver(payload: unknown): Promise<void> {
    const body = JSON.stringify(payload);
    for (let attempt = 1; attempt <= maxAttempts && !closed; attempt++) {
      const signature = signWebhook(options.secret, Math.floor(clock() / 1000), body);
      const outcome = await fetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      }).then(
        async (res) => {
          await res.arrayBuffer().catch(() => undefined);
          return res.ok ? "done" : res.status >= 500 || res.status === 429 ? "retry" : `refused ${res.status}`;
        },
        () => "retry",
      );
      if (outcome === "done") return;
      if (outcome !== "retry") return options.onGiveUp?.(outcome, payload);
      if (attempt < maxAttempts) await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
    options.onGiveUp?.(closed ? "closed" : `no success after ${maxAttempts} attempts`, payload);
  }

  return {
    send(payload) {
      if (closed) return;
      if (inFlight.size >= maxQueued) {
        options.onGiveUp?.("queue full", payload);
        return;
      }
      const delivery = deliver(payload).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    async close() {
      closed = true;
      for (const entry of sleeping) entry.wake();
      await Promise.all(inFlight);
    },
  };
}
