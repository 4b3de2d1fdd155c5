// Types of what next-auth carries for Rotor: the state inside the encrypted cookie, the public part the
// session endpoint returns. Module augmentation is next-auth v4's documented way to type them.
import type { PublicSession, WebSessionState } from "./web-session-state";

declare module "next-auth" {
  interface User {
    rotor?: WebSessionState;
  }
  interface Session {
    rotor?: PublicSession;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    rotor?: WebSessionState;
  }
}
