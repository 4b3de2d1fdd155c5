export default function HomePage() {
  return (
    <main>
      <h1>Rotor</h1>
      <p>Short-lived JWT access tokens, rotating refresh tokens with reuse detection, served over tRPC.</p>
      <ul>
        <li>
          tRPC endpoint: <code>/api/trpc</code>
        </li>
        <li>
          Verification keys: <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>
        </li>
        <li>
          Health: <a href="/api/health">/api/health</a>
        </li>
      </ul>
    </main>
  );
}
