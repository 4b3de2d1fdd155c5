import { describe, expect, it } from "vitest";
import { RefreshRejectedError } from "@rotor/trpc-refresh-link";
import { fetchWebSession } from "./fetch-web-session";

const respond = (status: number, body: unknown) => (() => Promise.resolve(new Response(JSON.stringify(body), { status }))) as typeof fetch;

describe("fetchWebSession", () => {
  it("returns the public session", async () => {
    const session = await fetchWebSession(respond(200, { rotor: { accessTokenExpiresAt: 5, error: null } }));
    expect(session.accessTokenExpiresAt).toBe(5);
  });

  it("turns an ended session into a rejection the refresh link understands", async () => {
    const error = await fetchWebSession(respond(200, { rotor: { error: "SESSION_REVOKED" } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshRejectedError);
    expect((error as RefreshRejectedError).reason).toBe("SESSION_REVOKED");
    const none = await fetchWebSession(respond(200, {})).catch((e: unknown) => e);
    expect((none as RefreshRejectedError).reason).toBe("SESSION_EXPIRED");
  });

  it("keeps server errors transient", async () => {
    const error = await fetchWebSession(respond(503, {})).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RefreshRejectedError);
  });
});
