import { describe, expect, it } from "vitest";
import { isTrpcPath } from "./is-trpc-path";

describe("isTrpcPath", () => {
  it.each(["/api/trpc/auth.me", "/api/trpc/auth.refresh?batch=1", "/api/trpc/auth.me,auth.sessions.list?batch=1&input=%7B%7D", "/api/trpc/%ZZ"])(
    "hands %s to tRPC",
    (url) => expect(isTrpcPath(url)).toBe(true),
  );

  it.each(["/api/trpc", "/api/trpc/", "/api/trpc/a/b", "/api/trpc/auth.me/", "/api/trpcx/auth.me", "/api/health", "/", "/login?next=/api/trpc/auth.me"])(
    "leaves %s to Next",
    (url) => expect(isTrpcPath(url)).toBe(false),
  );
});
