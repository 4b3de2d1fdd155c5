// The sessions a source knows to be revoked, each until its last access token expires (then forgotten).
export interface RevokedSessions {
  add(sessionId: string, until: number): void;
  has(sessionId: string): boolean;
  size(): number;
  prune(): void;
}

export function revokedSessions(clock: () => number): RevokedSessions {
  const until = new Map<string, number>();
  return {
    add(sessionId, time) {
      if (time > clock() && time > (until.get(sessionId) ?? 0)) until.set(sessionId, time);
    },
    has(sessionId) {
      const time = until.get(sessionId);
      if (time === undefined) return false;
      if (time > clock()) return true;
      until.delete(sessionId);
      return false;
    },
    size: () => until.size,
    prune() {
      const now = clock();
      for (const [sessionId, time] of until) if (time <= now) until.delete(sessionId);
    },
  };
}
