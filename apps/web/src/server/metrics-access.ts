// Who may read /api/metrics: the holder of METRICS_TOKEN (compared in constant time over SHA-256 digests,
// so neither content nor length leaks), or, when no token is configured, a loopback client.
import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { bearerToken } from "@rotor/api";
import { readWebEnv } from "../env";
import { clientIp } from "./client-ip";

export type MetricsAccess = "allowed" | "UNAUTHORIZED" | "FORBIDDEN";

const digest = (value: string) => createHash("sha256").update(value).digest();

function isLoopback(address: string | null): boolean {
  if (!address || !isIP(address)) return false;
  return address === "::1" || (isIP(address) === 4 && address.startsWith("127."));
}

export function metricsAccess(headers: Headers, token: string | null = readWebEnv().METRICS_TOKEN ?? null): MetricsAccess {
  if (token) {
    const presented = bearerToken(headers);
    return presented && timingSafeEqual(digest(presented), digest(token)) ? "allowed" : "UNAUTHORIZED";
  }
  return isLoopback(clientIp(headers)) ? "allowed" : "FORBIDDEN";
}
