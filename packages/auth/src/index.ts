// Public surface of @rotor/auth: an explicit list, nothing re-exported by wildcard.
export {
  AUTH_ERROR_CODES,
  AuthError,
  AuthConfigError,
  NotFoundError,
  isAuthError,
  isNotFoundError,
  type AuthErrorCode,
} from "./errors.ts";
export { authEnvSchema, parseAuthEnv, lifetimesFromEnv, PRODUCTION_AUTH_VARIABLES, type AuthEnv, type TokenLifetimes } from "./env.ts";
export { systemClock, type Clock } from "./clock.ts";
export { generateSigningJwk, importKeySet, ACCESS_TOKEN_ALG, type KeySet, type PrivateJwks } from "./keys/key-set.ts";
export { readOrCreateSecretFile } from "./keys/read-or-create-secret-file.ts";
export { resolveAuthSecrets, type AuthSecrets, type ResolveAuthSecretsOptions } from "./keys/resolve-auth-secrets.ts";
export { signAccessToken, type SignedAccessToken } from "./access-token/sign-access-token.ts";
export {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
} from "./access-token/verify-access-token.ts";
export { ROLES, type AuthRole, type AccessTokenClaims, type AccessTokenSubject } from "./access-token/claims.ts";
export { generateRefreshToken, hashRefreshToken, isWellFormedRefreshToken } from "./refresh-token/refresh-token.ts";
export { createPasswordHasher, type PasswordHasher } from "./password/password-hasher.ts";
export { createTokenService, type TokenService, type CreateTokenServiceOptions } from "./service/create-token-service.ts";
export { createDatabaseSessionGuard } from "./service/database-session-guard.ts";
export { ROTATE_CURRENT_TOKEN_SQL, ROTATE_CURRENT_TOKEN_STATEMENT, rotationValues } from "./service/rotate-current-token.ts";
export {
  createRevocationGuard,
  type RevocationGuard,
  type RevocationGuardOptions,
  type RevocationListPort,
} from "./revocation/create-revocation-guard.ts";
export type { SessionView, UserView, AuditQuery } from "./service/queries.ts";
export type { AuditPageQuery, MinuteStats, OperationsStats } from "./service/operations.ts";
export type { LoginInput, LoginResult } from "./service/login.ts";
export type { RefreshInput, RefreshResult } from "./service/refresh.ts";
export type { AuditScope } from "./service/create-token-service.ts";
export {
  createDeviceTokens,
  type DeviceTokens,
  type DeviceAccount,
  type IssuedDeviceToken,
} from "./device-token/device-tokens.ts";
export type { AuditInput, AuditType, AuditOutcome } from "./service/audit.ts";
export { noopAuthMetrics, type AuthMetrics, type RefreshMetricOutcome } from "./metrics/auth-metrics.ts";
export type {
  TokenPair,
  RequestMeta,
  AuthSubject,
  RevokedSession,
  SessionGuard,
} from "./service/types.ts";
export {
  createServiceCredentials,
  type ServiceCredentials,
  type ServicePrincipal,
  type ServiceCredentialView,
  type IssuedServiceCredential,
} from "./service-credential/service-credentials.ts";
