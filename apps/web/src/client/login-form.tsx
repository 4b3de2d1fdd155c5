"use client";
// The sign-in form. next-auth's signIn fetches a CSRF token and posts it with the credentials; on
// success a full page load of the dashboard renders it server-side with the new cookie.
import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { signInErrorMessage } from "./sign-in-error-message";

export function LoginForm({ initialError }: { initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError ? signInErrorMessage(initialError) : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        tenant: field("tenant"),
        email: field("email"),
        password: field("password"),
      });
      if (result?.ok && !result.error) {
        window.location.assign("/");
        return;
      }
      setError(signInErrorMessage(result?.error ?? "Unavailable"));
    } catch {
      setError(signInErrorMessage("Unavailable"));
    }
    setPending(false);
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-describedby={error ? "login-error" : undefined}>
      <label>
        Tenant
        <input name="tenant" autoComplete="organization" required defaultValue="acme" />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p id="login-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
