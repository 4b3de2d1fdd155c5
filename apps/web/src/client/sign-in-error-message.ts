// What the login page says for each next-auth error. One message for every credential problem, so the
// wording never reveals whether a tenant or an account exists.
export function signInErrorMessage(error: string): string {
  switch (error) {
    case "RateLimited":
      return "Too many sign-in attempts. Please wait a moment and try again.";
    case "Unavailable":
      return "Sign-in is unavailable right now. Please try again shortly.";
    default:
      return "Those details don't match an account. Check the tenant, email and password.";
  }
}
