// `rotor` as a user runs it: a child process (bin/rotor.js) against the real API over HTTP, with its
// own config folder. The server clock runs ahead when a test expires tokens; the CLI's doesn't.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestApi, startApiServer, type ApiServer, type TestApi } from "@rotor/api/testing";
import { createRateLimits } from "@rotor/store";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "./exit-codes.ts";

const BIN = fileURLToPath(new URL("../bin/rotor.js", import.meta.url));
const PASSWORD = "correct horse battery staple";

let offset = 0;
let t: TestApi;
let server: ApiServer;
let baseUrl: string;
let configDir: string;

beforeAll(async () => {
  t = await createTestApi({ clock: () => Date.now() + offset });
  server = await startApiServer(t.services);
  baseUrl = server.url.replace(/\/api\/trpc$/, "");
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});
beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), "rotor-cli-test-"));
});
afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function rotor(args: string[], options: { stdin?: string; url?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: configDir, ROTOR_URL: options.url ?? baseUrl, ROTOR_CONFIG_DIR: configDir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
  });
}

/** Exit code, and text the output must contain (stdout/stderr). */
function expectRun(run: Run, code: number, contains: { stdout?: string; stderr?: string } = {}) {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: run.stderr });
  if (contains.stdout !== undefined) expect(run.stdout).toContain(contains.stdout);
  if (contains.stderr !== undefined) expect(run.stderr).toContain(contains.stderr);
}

const login = (email = "user@acme.test") => rotor(["login", "--tenant", "acme", "--email", email], { stdin: `${PASSWORD}\n` });
const expireAccessTokens = () => {
  offset += 16 * 60 * 1000;
};
const credentials = () => readFile(join(configDir, "credentials.json"), "utf8").then((text) => JSON.parse(text) as { refreshToken: string; accessToken: string });
const sessionIdOf = (accessToken: string) =>
  (JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()) as { sid: string }).sid;

describe("rotor login / whoami / sessions / call / logout", () => {
  it("signs in with the password from stdin and stores the pair 0600 in a 0700 folder", async () => {
    const run = await login();
    expect(run).toMatchObject({ code: EXIT.OK, stderr: "" });
    expect(run.stdout).toContain("Signed in to");
    expect(run.stdout).toContain("user@acme.test");
    expect((await stat(join(configDir, "credentials.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(configDir, "profile.json"))).mode & 0o777).toBe(0o600);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);

    const whoami = await rotor(["whoami"]);
    expect(whoami.code).toBe(EXIT.OK);
    expect(whoami.stdout).toMatch(/^user@acme\.test \(USER\) in Acme \[acme\]/);

    const json = await rotor(["whoami", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ email: "user@acme.test", role: "USER", tenantSlug: "acme" });
  });

  it("lists sessions with the current one marked, and call runs any query as JSON", async () => {
    await login();
    const { accessToken } = await credentials();
    const sid = sessionIdOf(accessToken);

    const sessions = await rotor(["sessions"]);
    expect(sessions.code).toBe(EXIT.OK);
    expect(sessions.stdout).toMatch(new RegExp(`^\\*\\s+${sid}`, "m"));

    const me = await rotor(["call", "auth.me"]);
    expect(me.code).toBe(EXIT.OK);
    expect(JSON.parse(me.stdout)).toMatchObject({ email: "user@acme.test", sessionId: sid });

    const list = await rotor(["call", "auth.sessions.list"]);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ id: sid, current: true }));
  });

  it("call: input as JSON, and clear errors for forbidden, unknown, mutation and malformed input", async () => {
    await login("admin@acme.test");
    const audit = await rotor(["call", "admin.audit.list", '{"type":"login","limit":2}']);
    expect(audit.code).toBe(EXIT.OK);
    const events = JSON.parse(audit.stdout) as Array<{ type: string }>;
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(2);
    expect(events.every((e) => e.type === "login")).toBe(true);

    expectRun(await rotor(["call", "admin.audit.list", "{nope"]), EXIT.USAGE, { stderr: "invalid JSON" });
    expectRun(await rotor(["call", "no.such.query"]), EXIT.API_ERROR, { stderr: "Not found" });
    expectRun(await rotor(["call", "auth.logout"]), EXIT.USAGE, { stderr: "runs queries only" });
    expectRun(await rotor(["call", "admin.audit.list", '{"limit":0}']), EXIT.API_ERROR, { stderr: "rejected the input" });
    await expect(rotor(["call", "auth.me"])).resolves.toMatchObject({ code: EXIT.OK }); // still signed in

    await login("user@acme.test");
    expectRun(await rotor(["call", "admin.users.list"]), EXIT.FORBIDDEN, { stderr: "Permission denied" });
  });

  it("logout ends the session on the server and forgets the credentials", async () => {
    await login();
    const sid = sessionIdOf((await credentials()).accessToken);

    const run = await rotor(["logout"]);
    expectRun(run, EXIT.OK, { stdout: "Signed out" });
    await expect(stat(join(configDir, "credentials.json"))).rejects.toMatchObject({ code: "ENOENT" });
    expect((await t.prisma.session.findUniqueOrThrow({ where: { id: sid } })).revokedAt).not.toBeNull();

    expectRun(await rotor(["whoami"]), EXIT.NOT_SIGNED_IN, { stderr: "Not signed in" });
    expectRun(await rotor(["logout"]), EXIT.OK, { stdout: "Not signed in" });
  });
});

describe("rotor service (admin: service credentials)", () => {
  it("creates (secret shown once, only its hash stored), lists, revokes, audits; a non-admin is refused", async () => {
    await login("admin@acme.test");
    const created = await rotor(["service", "create", "billing"]);
    expect(created.code).toBe(EXIT.OK);
    const id = /client_id:\s+(\S+)/.exec(created.stdout)?.[1] ?? "";
    const secret = /client_secret:\s+(\S+)/.exec(created.stdout)?.[1] ?? "";
    expect(created.stdout).toContain(`bearer:        ${id}.${secret}`);
    const row = await t.prisma.serviceCredential.findUniqueOrThrow({ where: { id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    await expect(t.services.serviceCredentials.authenticate(id, secret)).resolves.toMatchObject({ id, name: "billing" });

    const list = await rotor(["service", "list"]);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+billing\\s+\\S+\\s+-$`, "m"));
    expectRun(await rotor(["service", "revoke", id]), EXIT.OK, { stdout: `Revoked service credential ${id}.` });
    await expect(t.services.serviceCredentials.authenticate(id, secret)).resolves.toBeNull();
    const audit = await t.prisma.auditEvent.findMany({ where: { type: { startsWith: "service-credential-" } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.type, (a.details as { serviceCredentialId?: string }).serviceCredentialId])).toEqual([
      ["service-credential-created", id],
      ["service-credential-revoked", id],
    ]);

    expectRun(await rotor(["service", "revoke", "nope"]), EXIT.USAGE, { stderr: "Not a service credential id" });
    expectRun(await rotor(["service"]), EXIT.USAGE, { stderr: "Usage: rotor service" });
    await login("user@acme.test");
    expect((await rotor(["service", "list"])).code).toBe(EXIT.FORBIDDEN);
  });
});

describe("rotor: auth outcomes", () => {
  it("a wrong password exits 4 and stores nothing", async () => {
    const run = await rotor(["login", "acme", "user@acme.test"], { stdin: "wrong password\n" });
    expectRun(run, EXIT.LOGIN_FAILED, { stderr: "wrong tenant, email or password" });
    await expect(stat(join(configDir, "credentials.json"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("an expired access token is refreshed transparently, once", async () => {
    await login();
    const before = await credentials();
    const sid = sessionIdOf(before.accessToken);

    expireAccessTokens();
    const run = await rotor(["whoami"]);
    expect(run).toMatchObject({ code: EXIT.OK, stderr: "" });
    expect(run.stdout).toContain("user@acme.test");

    const after = await credentials();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await t.prisma.auditEvent.count({ where: { type: "refresh", sessionId: sid } })).toBe(1);
    await expect(rotor(["sessions"])).resolves.toMatchObject({ code: EXIT.OK });
    expect(await t.prisma.auditEvent.count({ where: { type: "refresh", sessionId: sid } })).toBe(1);
  });

  it("a revoked session says so, exits 5 and forgets the credentials", async () => {
    await login();
    const sid = sessionIdOf((await credentials()).accessToken);
    const admin = await t.signIn("admin@acme.test");
    await admin.api.admin.sessions.revoke({ sessionId: sid });

    const run = await rotor(["whoami"]);
    expectRun(run, EXIT.SESSION_ENDED, { stderr: "Your session was revoked" });
    expect(run.stderr).toContain("rotor login");
    await expect(stat(join(configDir, "credentials.json"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(stat(join(configDir, "profile.json"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a session revoked while the access token was expired: the refresh is refused, same message", async () => {
    await login();
    const sid = sessionIdOf((await credentials()).accessToken);
    await t.services.tokens.revokeSession({
      actor: { ...(await t.services.tokens.authenticate((await credentials()).accessToken)) },
      meta: t.meta,
      sessionId: sid,
      scope: "own",
    });
    expireAccessTokens();
    expectRun(await rotor(["sessions"]), EXIT.SESSION_ENDED, { stderr: "Your session was revoked" });
  });

  it("revoke ends another session, or this one (then signed out)", async () => {
    const other = await t.signIn("user@acme.test");
    await login();
    const sid = sessionIdOf((await credentials()).accessToken);

    expect(await rotor(["revoke", other.sessionId])).toMatchObject({ code: EXIT.OK, stdout: `Revoked session ${other.sessionId}.\n` });
    await expect(other.api.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const someoneElse = await t.signIn("manager@acme.test");
    expectRun(await rotor(["revoke", someoneElse.sessionId]), EXIT.API_ERROR, { stderr: "No active session" });
    await expect(someoneElse.api.auth.me()).resolves.toBeDefined();
    expect(await rotor(["revoke", "not-a-uuid"])).toMatchObject({ code: EXIT.USAGE });

    const self = await rotor(["revoke", sid]);
    expectRun(self, EXIT.OK, { stdout: "signed out" });
    expect(await rotor(["whoami"])).toMatchObject({ code: EXIT.NOT_SIGNED_IN });
  });

  it("an unreachable server exits 7; credentials for another ROTOR_URL are never sent", async () => {
    await login();
    const elsewhere = "http://127.0.0.1:9"; // discard port: nothing listens
    expectRun(await rotor(["whoami"], { url: elsewhere }), EXIT.NOT_SIGNED_IN, { stderr: "Signed in to" });
    expectRun(await rotor(["login", "acme", "user@acme.test"], { url: elsewhere, stdin: `${PASSWORD}\n` }), EXIT.UNREACHABLE, {
      stderr: "Cannot reach Rotor",
    });
  });

  it("usage errors exit 2", async () => {
    expect(await rotor([])).toMatchObject({ code: EXIT.USAGE });
    expectRun(await rotor(["frobnicate"]), EXIT.USAGE, { stderr: "unknown command" });
    expect(await rotor(["whoami", "--tenant", "acme"])).toMatchObject({ code: EXIT.USAGE });
    expectRun(await rotor(["login"], { stdin: `${PASSWORD}\n` }), EXIT.USAGE, { stderr: "--tenant" });
    expect(await rotor(["login", "acme", "not-an-email"], { stdin: `${PASSWORD}\n` })).toMatchObject({ code: EXIT.USAGE });
    expectRun(await rotor(["--help"]), EXIT.OK, { stdout: "Exit codes" });
  });
});

describe("rotor login: device token (brute force without lockout DoS)", () => {
  afterEach(() => {
    delete t.services.rateLimits;
  });

  it("keeps a device token beside its tokens (0600, kept across logout); it signs in while attackers lock the account", async () => {
    t.services.rateLimits = createRateLimits({ config: { keyPrefix: `cli-${Date.now()}` } });
    const email = "manager@acme.test";
    expectRun(await login(email), EXIT.OK);
    expect((await stat(join(configDir, "device.json"))).mode & 0o777).toBe(0o600);
    const device = JSON.parse(await readFile(join(configDir, "device.json"), "utf8")) as { url: string; token: string };
    expect(device.url).toBe(baseUrl);
    expectRun(await rotor(["logout"]), EXIT.OK);
    expect((await stat(join(configDir, "device.json"))).isFile()).toBe(true);

    // Wrong guesses from elsewhere until untrusted clients are locked out of the account.
    let locked = false;
    for (let i = 0; i < 20 && !locked; i++) {
      const guess = await t
        .caller(undefined, { ip: `203.0.113.${i + 1}` })
        .auth.login({ tenant: "acme", email, password: `guess-${i}` })
        .catch((e: unknown) => e);
      locked = (guess as { code?: string }).code === "TOO_MANY_REQUESTS";
    }
    expect(locked).toBe(true);

    // This machine is a trusted device: it signs in. A machine without the device token is refused.
    expectRun(await login(email), EXIT.OK, { stdout: "Signed in to" });
    await rm(join(configDir, "device.json"));
    expectRun(await login(email), EXIT.LOGIN_FAILED, { stderr: "Too many attempts; try again in" });
  });
});

