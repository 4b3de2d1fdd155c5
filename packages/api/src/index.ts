// Public surface of @rotor/api. Clients import only types from here (`import type { AppRouter }`).
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root.ts";

export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { createContext, bearerToken, type ApiContext, type ApiServices, type CreateContextOptions } from "./context.ts";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { createServices, type CreateServicesOptions, type HealthReport, type Services } from "./services/create-services.ts";
export { createOAuthEndpoints, type OAuthEndpoints, type OAuthEndpointsOptions } from "./oauth/create-oauth-endpoints.ts";
export { createRevocationFeed, type RevocationFeed, type RevocationFeedOptions } from "./revocation-feed/create-revocation-feed.ts";
export { RateLimitedError } from "./rate-limit.ts";
export { renderMetrics, rotorMetrics } from "./metrics/rotor-metrics.ts";
export { serveClusterMetrics, shareMetricsWithPrimary } from "./metrics/cluster-metrics.ts";
export { alertEnvSchema, parseAlertEnv, type AlertEnv } from "./alerts/alert-env.ts";
export { createAlertMonitor, type AlertMonitor, type AlertMonitorOptions, type AlertType } from "./alerts/alert-monitor.ts";
export { createWebhookSender, type WebhookSender, type WebhookSenderOptions } from "./alerts/webhook-sender.ts";
export { signWebhook, SIGNATURE_HEADER } from "./alerts/sign-webhook.ts";
export {
  answerApiRequest,
  apiErrorAnswer,
  apiErrorResponse,
  handleApiRequest,
  responseOf,
  type ApiAnswer,
  type HandleApiRequestOptions,
} from "./edge/handle-api-request.ts";
export type { ApiRequest } from "./edge/api-request.ts";
export { nodeApiRequest } from "./edge/node-api-request.ts";
export { ApiError, isApiError, type ApiErrorCode } from "./edge/api-error.ts";
export { parseApiLimits, DEFAULT_API_LIMITS, type ApiLimits } from "./edge/api-limits.ts";
