import { createServer, type Server, type Socket } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { findFreePort } from "../testing/find-free-port.ts";
import { startEmbeddedPostgres } from "./start-embedded-postgres.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rotor-pg-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("startEmbeddedPostgres", () => {
  // The run's shared server (started by global-setup) plays the part of `pnpm dev` already running.
  const shared = new URL(inject("rotorPgUrl"));
  const local = ["127.0.0.1", "localhost"].includes(shared.hostname);

  it.runIf(local)("reuses a running server that accepts our credentials, and leaves it running on stop()", async () => {
    const database = `reuse_${Date.now()}`;
    const server = await startEmbeddedPostgres({
      dataDir: await emptyDir(),
      port: Number(shared.port),
      user: decodeURIComponent(shared.username),
      password: decodeURIComponent(shared.password),
      database,
    });
    cleanups.push(async () => {
      const admin = new pg.Client({ connectionString: shared.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(database)} WITH (FORCE)`);
      await admin.end();
    });

    expect(server.reused).toBe(true);
    await server.stop();
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    expect((await client.query<{ db: string }>("SELECT current_database() AS db")).rows).toEqual([{ db: database }]);
    await client.end();
  });

  it("refuses a port held by something that is not our PostgreSQL", async () => {
    const port = await findFreePort();
    const sockets = new Set<Socket>();
    const impostor: Server = createServer((socket) => {
      sockets.add(socket);
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    });
    await new Promise<void>((resolve) => impostor.listen(port, "127.0.0.1", resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => impostor.close(resolve));
    });

    await expect(startEmbeddedPostgres({ dataDir: await emptyDir(), port })).rejects.toMatchObject({ code: "PORT_IN_USE" });
  });

  it("will not initialise a cluster over a directory holding other files", async () => {
    const dataDir = await emptyDir();
    await writeFile(join(dataDir, "notes.txt"), "mine");

    await expect(startEmbeddedPostgres({ dataDir, port: await findFreePort() })).rejects.toMatchObject({
      code: "DATA_DIR_INVALID",
    });
  });
});
