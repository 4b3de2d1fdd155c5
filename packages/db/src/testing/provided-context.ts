// The value global-setup hands to test files through vitest's provide/inject, typed for `inject()`.
import type {} from "vitest";

export const ROTOR_PG_URL = "rotorPgUrl";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL (maintenance database) of the PostgreSQL server shared by this test run. */
    rotorPgUrl: string;
  }
}
