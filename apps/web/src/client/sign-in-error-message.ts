// What the login page says for each next-auth error. One message for every credential problem, so the
// wording never reveals whether a tenant or an account exists. Rate limiting says how long to wait
// (`RateLimited:<seconds>`, from the server's retryAfterMs).
export function signInErrorMessage(error: string): string {
  const [code, detail] = error.split(":", 2);
  switch (code) {
    case "RateLimited": {
      const seconds = Number(detail);
      return Number.isInteger(seconds) && seconds > 0
        ? `Too many sign-in attempts. Please try again in ${formatWait(seconds)}.`
        : "Too many sign-in attempts. Please wait a moment and try again.";
    }
    case "Unavailable":
      return "Sign-in is unavailable right now. Please try again shortly.";
    default:
      return "Those details don't match an account. Check the tenant, email and password.";
  }
}

/** 45 -> "45 seconds", 90 -> "2 minutes", 3600 -> "60 minutes": rounded up, never shorter than the real wait. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
