// Sign-in page. Signed-in visitors go straight to the dashboard; `?reason=session-expired` explains why
// someone landed here, `?error=` comes from next-auth when a sign-in failed without JavaScript.
import { redirect } from "next/navigation";
import { LoginForm } from "../../client/login-form";
import { loadWebSession } from "../../server/session/require-web-session";

export const metadata = { title: "Sign in · Rotor" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [params, current] = await Promise.all([searchParams, loadWebSession()]);
  if (current.status === "active") redirect("/");
  const reason = params.reason === "session-expired" || current.status === "ended" ? "session-expired" : null;
  const error = typeof params.error === "string" ? params.error : null;
  return (
    <main className="centered">
      <section className="card narrow">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">R</span> Rotor
        </div>
        <h1>Sign in</h1>
        {reason && (
          <p className="notice" role="status">
            Your session has ended. Please sign in again.
          </p>
        )}
        <LoginForm initialError={error} />
      </section>
    </main>
  );
}
