// Signed-in area. The guard runs on the server before anything renders, so a signed-out visitor never
// sees a flash of these pages; each page repeats it with its role list (layouts are not re-run on
// client-side navigation).
import type { ReactNode } from "react";
import { NavBar } from "../../client/nav-bar";
import { WebSessionProvider } from "../../client/web-session-provider";
import { requireWebSession } from "../../server/session/require-web-session";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const session = await requireWebSession();
  return (
    <WebSessionProvider session={session}>
      <NavBar />
      <main className="page">{children}</main>
    </WebSessionProvider>
  );
}
