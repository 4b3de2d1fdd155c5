// Test fixture for the API: the real routers on a real database of their own, called without HTTP.
import { createServiceCredentials } from "@rotor/auth";
import { createTestAuth, type TestAuth } from "@rotor/auth/testing";
import { createContext, type ApiServices } from "../context.ts";
import { createCaller } from "../root.ts";

export async function createTestApi(...args: Parameters<typeof createTestAuth>) {
  const auth: TestAuth = await createTestAuth(...args);
  const services: ApiServices = {
    tokens: auth.service,
    prisma: auth.prisma,
    serviceCredentials: createServiceCredentials({ prisma: auth.prisma, clock: auth.clock }),
  };
  /** A caller authenticated by `accessToken` (or anonymous); a fresh context per call, as over HTTP. */
  const caller = (accessToken?: string, from: { ip?: string } = {}) =>
    createCaller(() =>
      createContext({
        services,
        headers: new Headers({ "user-agent": "vitest", ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) }),
        ip: from.ip ?? "127.0.0.1",
      }),
    );
  const signIn = async (email: string) => {
    const pair = await auth.loginAs(email);
    return { ...pair, api: caller(pair.accessToken) };
  };
  return { ...auth, services, caller, signIn };
}

export type TestApi = Awaited<ReturnType<typeof createTestApi>>;
