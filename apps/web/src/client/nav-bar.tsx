"use client";
// Top navigation: links by role (the pages enforce the same roles on the server), who is signed in, a
// quiet indicator while the session refreshes, and sign-out.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { endWebSession } from "./end-web-session";
import { useWebSession } from "./web-session-provider";

export function NavBar() {
  const { session, refreshing } = useWebSession();
  const pathname = usePathname();
  const role = session?.user.role;
  const links = [
    { href: "/", label: "Dashboard", show: true },
    { href: "/sessions", label: "Sessions", show: true },
    { href: "/admin", label: "Admin", show: role === "ADMIN" || role === "MANAGER" },
    { href: "/audit", label: "Audit", show: role === "ADMIN" },
  ];
  return (
    <header className="nav">
      <div className="nav-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">R</span> Rotor
        </Link>
        <nav aria-label="Main">
          {links
            .filter((l) => l.show)
            .map((l) => (
              <Link key={l.href} href={l.href} className={pathname === l.href ? "active" : undefined}>
                {l.label}
              </Link>
            ))}
        </nav>
        <div className="nav-user">
          {refreshing && (
            <span className="pill" role="status" data-testid="refreshing">
              Refreshing session…
            </span>
          )}
          <span className="muted">
            {session?.user.email} · {session?.user.tenantSlug}
          </span>
          <button type="button" className="button" onClick={() => void endWebSession("/login")}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
