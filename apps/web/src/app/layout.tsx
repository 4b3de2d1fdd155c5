// Root layout: system fonts and one stylesheet; no inline styles, so the CSP needs no 'unsafe-inline'.
import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Rotor", description: "Token auth for TypeScript full-stack apps" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
