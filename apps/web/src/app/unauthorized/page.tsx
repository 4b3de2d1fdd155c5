// Where the page guards send signed-in users whose role may not see a page.
import Link from "next/link";

export const metadata = { title: "Not authorized · Rotor" };

export default function UnauthorizedPage() {
  return (
    <main className="centered">
      <section className="card narrow">
        <h1>Not authorized</h1>
        <p className="muted">Your role does not give access to that page. Ask an administrator of your tenant if you need it.</p>
        <Link className="button" href="/">
          Back to the dashboard
        </Link>
      </section>
    </main>
  );
}
