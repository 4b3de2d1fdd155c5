import { describe, expect, it } from "vitest";
import { generateSigningJwk, importKeySet } from "../keys/key-set.ts";
import { signAccessToken } from "../access-token/sign-access-token.ts";
import { createTestClock, testLifetimes } from "../testing/create-test-auth.ts";
import { createDeviceTokens } from "./device-tokens.ts";

const alice = { tenant: "acme", email: "alice@acme.test" };

async function setup() {
  const clock = createTestClock();
  const keySet = await importKeySet({ keys: [await generateSigningJwk()] });
  return { clock, keySet, devices: createDeviceTokens({ keySet, lifetimes: testLifetimes, clock, ttlSec: 3600 }) };
}

describe("device tokens", () => {
  it("verify returns the device id for its account (case and spaces ignored), and keeps it on renewal", async () => {
    const { devices } = await setup();
    const issued = await devices.issue(alice);
    expect(await devices.verify(issued.token, alice)).toBe(issued.deviceId);
    expect(await devices.verify(issued.token, { tenant: " ACME", email: "Alice@acme.test " })).toBe(issued.deviceId);
    const renewed = await devices.issue(alice, issued.deviceId);
    expect(renewed.deviceId).toBe(issued.deviceId);
  });

  it("is bound to the account, expires, and only a genuine canonical device token passes", async () => {
    const { devices, keySet, clock } = await setup();
    const { token } = await devices.issue(alice);
    expect(await devices.verify(token, { tenant: "acme", email: "bob@acme.test" })).toBeNull();
    expect(await devices.verify(token, { tenant: "globex", email: alice.email })).toBeNull();
    expect(await devices.verify(`${token}==`, alice)).toBeNull();
    const other = createDeviceTokens({ keySet: await importKeySet({ keys: [await generateSigningJwk()] }), lifetimes: testLifetimes, clock });
    expect(await devices.verify((await other.issue(alice)).token, alice)).toBeNull();
    const access = await signAccessToken(
      { keySet, lifetimes: testLifetimes, clock },
      { userId: "00000000-0000-4000-8000-000000000001", sessionId: "00000000-0000-4000-8000-000000000002", tenantId: "00000000-0000-4000-8000-000000000003", role: "USER" },
      new Date(clock() + 3_600_000),
    );
    expect(await devices.verify(access.token, alice)).toBeNull();
    expect(await devices.verify("garbage", alice)).toBeNull();
    clock.advance(3600_000 + testLifetimes.clockTolerance * 1000 + 1000);
    expect(await devices.verify(token, alice)).toBeNull();
  });
});
