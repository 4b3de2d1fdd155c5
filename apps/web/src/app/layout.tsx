// Root layout: system fonts and one stylesheet; no inline styles, so the CSP needs no 'unsafe-inline'.
import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Rotor", description: "Token auth for TypeScript full-stack apps" };

// Every page is rendered per request: the CSP nonce is made per request (src/proxy.ts), and a prerendered
// page (/unauthorized and the 404 page were) would carry scripts without it, which the browser blocks.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
