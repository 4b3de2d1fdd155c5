// Where key material comes from: env in production (refuse to start without it), a git-ignored folder in
// development (generated once, so restarts keep everyone signed in).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { base64url } from "jose";
import type { AuthEnv } from "../env.ts";
import { AuthConfigError } from "../errors.ts";
import { generateSigningJwk, importKeySet, type KeySet, type PrivateJwks } from "./key-set.ts";
import { readOrCreateSecretFile } from "./read-or-create-secret-file.ts";

export interface AuthSecrets {
  keySet: KeySet;
  /** 32-byte key for the reuse-interval replay ciphertext. */
  refreshEncryptionKey: Uint8Array;
}

export interface ResolveAuthSecretsOptions {
  env: AuthEnv;
  production: boolean;
  /** Folder for generated development secrets. Required outside production. */
  devDataDir?: string;
}

function decodeEncryptionKey(value: string): Uint8Array {
  const key = base64url.decode(value);
  if (key.length !== 32) {
    throw new AuthConfigError("AUTH_KEYS_INVALID", "AUTH_REFRESH_ENCRYPTION_KEY must be 32 bytes, base64url");
  }
  return key;
}

export async function resolveAuthSecrets(options: ResolveAuthSecretsOptions): Promise<AuthSecrets> {
  const { env, production, devDataDir } = options;
  if (env.AUTH_JWKS) {
    let jwks: PrivateJwks;
    try {
      jwks = JSON.parse(env.AUTH_JWKS) as PrivateJwks;
    } catch {
      throw new AuthConfigError("AUTH_KEYS_INVALID", "AUTH_JWKS is not valid JSON");
    }
    if (!env.AUTH_REFRESH_ENCRYPTION_KEY) {
      throw new AuthConfigError("AUTH_ENCRYPTION_KEY_MISSING", "AUTH_REFRESH_ENCRYPTION_KEY is required with AUTH_JWKS");
    }
    return {
      keySet: await importKeySet(jwks, env.AUTH_SIGNING_KID),
      refreshEncryptionKey: decodeEncryptionKey(env.AUTH_REFRESH_ENCRYPTION_KEY),
    };
  }
  if (production) {
    throw new AuthConfigError(
      "AUTH_KEYS_MISSING",
      "Production needs AUTH_JWKS and AUTH_REFRESH_ENCRYPTION_KEY (generate them with `pnpm keys:generate`)",
    );
  }
  if (!devDataDir) throw new AuthConfigError("AUTH_KEYS_MISSING", "No AUTH_JWKS and no development data folder");
  const jwksText = await readOrCreateSecretFile(join(devDataDir, "jwks.json"), async () =>
    JSON.stringify({ keys: [await generateSigningJwk()] }, null, 2),
  );
  const encryptionKey =
    env.AUTH_REFRESH_ENCRYPTION_KEY ??
    (await readOrCreateSecretFile(join(devDataDir, "refresh-encryption.key"), async () => base64url.encode(randomBytes(32)))).trim();
  return {
    keySet: await importKeySet(JSON.parse(jwksText) as PrivateJwks, env.AUTH_SIGNING_KID),
    refreshEncryptionKey: decodeEncryptionKey(encryptionKey),
  };
}
