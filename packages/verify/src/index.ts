// Public surface of @rotor/verify (no node: imports; the Node http/Express helpers are in "./node").
export { createVerifier } from "./createVerifier.ts";
export { VerifyError, isVerifyError, VERIFY_ERROR_CODES, type VerifyErrorCode } from "./errors.ts";
export { ROLES, type Role } from "./internal/claims.ts";
export { bearerToken, type HeadersLike } from "./adapters/bearerToken.ts";
export { verifyRequest, unauthorizedResponse } from "./adapters/fetch.ts";
export { createContextAuth, type VerifiedContext } from "./adapters/trpcContext.ts";
export type {
  FailSafe,
  FeedRevocationOptions,
  NoRevocationOptions,
  RedisClientLike,
  RedisRevocationOptions,
  RedisSubscriberLike,
  RevocationOptions,
  Subject,
  Verifier,
  VerifierOptions,
  VerifierStatus,
  VerifierWarning,
} from "./types.ts";
