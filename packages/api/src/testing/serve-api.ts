// Child-process entry: one API instance built from env by createServices, exactly as the app builds it.
// Prints {"origin": "..."} on its first stdout line, then serves until SIGTERM.
import { createServices } from "../services/create-services.ts";
import { startApiServer } from "./start-api-server.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const built = await createServices({ env: process.env, databaseUrl, production: true });
// API_PORT: a fixed port, so a test can restart an instance where its clients expect it.
const port = Number(process.env.API_PORT ?? 0);
const server = await startApiServer(built.services, { health: built.health, limits: built.limits, revocationFeed: built.revocationFeed, oauth: built.oauth, port });
process.stdout.write(`${JSON.stringify({ origin: server.origin })}\n`);
const stop = () => {
  void server.close().finally(() => void built.close().finally(() => process.exit(0)));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
