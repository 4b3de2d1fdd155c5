// Fixed JSON refusals of the service-facing endpoints (revocation feed): a stable code, a fixed message,
// never a library's text.
export type ServiceErrorCode = "SERVICE_CREDENTIAL_INVALID" | "SERVICE_UNAVAILABLE";

const MESSAGES: Record<ServiceErrorCode, string> = {
  SERVICE_CREDENTIAL_INVALID: "Service credential missing, unknown or revoked",
  SERVICE_UNAVAILABLE: "Service temporarily unavailable",
};

export function serviceErrorResponse(code: ServiceErrorCode): Response {
  const status = code === "SERVICE_CREDENTIAL_INVALID" ? 401 : 503;
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = `Bearer realm="rotor-services", error="invalid_token"`;
  else headers["retry-after"] = "1";
  return new Response(JSON.stringify({ error: { code, message: MESSAGES[code] } }), { status, headers });
}
