// argon2id password hashing. Unknown accounts are checked against a dummy hash so they cost the same
// work as a wrong password and response time does not reveal which emails exist.
import { hash, verify } from "@node-rs/argon2";

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `passwordHash`; with no hash, burns the same work and returns false. */
  verify(passwordHash: string | null, password: string): Promise<boolean>;
}

export function createPasswordHasher(): PasswordHasher {
  let dummy: Promise<string> | undefined;
  return {
    // Library defaults are argon2id with OWASP-recommended cost; the parameters travel inside the hash.
    hash: (password) => hash(password),
    async verify(passwordHash, password) {
      if (passwordHash === null) {
        dummy ??= hash("rotor-dummy-password-for-timing");
        await verify(await dummy, password).catch(() => false);
        return false;
      }
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
  };
}
