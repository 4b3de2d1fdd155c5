// The demo accounts `pnpm db:seed` / `rotor-db-run --seed` create. Tests and e2e log in with these, so
// they are data, not strings copied around.
import type { Role } from "../generated/enums.ts";

export interface DemoTenant {
  slug: string;
  name: string;
}

export interface DemoCredential {
  /** Slug of the user's tenant. */
  tenant: string;
  /** Lower-case, as stored. */
  email: string;
  password: string;
  role: Role;
}

export const DEMO_PASSWORD = "rotor-demo-pass";

export const DEMO_TENANTS = {
  acme: { slug: "acme", name: "Acme Corp" },
  globex: { slug: "globex", name: "Globex Corporation" },
} as const satisfies Record<string, DemoTenant>;

export const DEMO_CREDENTIALS = {
  acmeAdmin: { tenant: "acme", email: "admin@acme.test", password: DEMO_PASSWORD, role: "ADMIN" },
  acmeManager: { tenant: "acme", email: "manager@acme.test", password: DEMO_PASSWORD, role: "MANAGER" },
  acmeUser: { tenant: "acme", email: "user@acme.test", password: DEMO_PASSWORD, role: "USER" },
  globexAdmin: { tenant: "globex", email: "admin@globex.test", password: DEMO_PASSWORD, role: "ADMIN" },
} as const satisfies Record<string, DemoCredential>;
