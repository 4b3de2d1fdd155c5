// Opaque refresh tokens: 256 random bits, base64url. Only their SHA-256 is stored, so a database leak
// yields nothing a client could present.
import { hash } from "node:crypto";
import { pooledRandomBytes } from "./pooled-random-bytes.ts";

const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateRefreshToken(): { token: string; hash: string } {
  const token = pooledRandomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** Cheap shape check so garbage never reaches the database. */
export function isWellFormedRefreshToken(token: unknown): token is string {
  return typeof token === "string" && REFRESH_TOKEN_PATTERN.test(token);
}
