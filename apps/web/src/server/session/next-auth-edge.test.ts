import { describe, expect, it } from "vitest";
import { isServedAuthAction, withoutLibraryErrors } from "./next-auth-edge";

describe("next-auth edge", () => {
  it("lets through only the actions Rotor uses", () => {
    expect(isServedAuthAction("GET", ["session"])).toBe(true);
    expect(isServedAuthAction("GET", ["csrf"])).toBe(true);
    expect(isServedAuthAction("POST", ["callback", "credentials"])).toBe(true);
    expect(isServedAuthAction("POST", ["signout"])).toBe(true);
    expect(isServedAuthAction("POST", ["csrf"])).toBe(false);
    expect(isServedAuthAction("GET", ["callback", "credentials"])).toBe(false);
    expect(isServedAuthAction("POST", ["callback", "github"])).toBe(false);
    expect(isServedAuthAction("POST", ["xyz"])).toBe(false);
    expect(isServedAuthAction("GET", ["session", "extra"])).toBe(false);
    expect(isServedAuthAction("PUT", ["session"])).toBe(false);
    expect(isServedAuthAction("GET", [])).toBe(false);
  });

  it("replaces next-auth's text errors with a fixed body and keeps its structured answers", async () => {
    const text = await withoutLibraryErrors(new Response("Error: This action with HTTP POST is not supported by NextAuth.js", { status: 400 }), "POST /x");
    expect(text.status).toBe(400);
    expect(await text.json()).toEqual({ error: { message: "Request refused", errorCode: "AUTH_REQUEST_REFUSED" } });
    const thrown = await withoutLibraryErrors(Response.json({ message: "boom" }, { status: 500 }), "GET /y");
    expect(thrown.status).toBe(400);
    const refusedSignIn = Response.json({ url: "http://x/api/auth/error?error=CredentialsSignin" }, { status: 401 });
    expect(await withoutLibraryErrors(refusedSignIn, "POST /z")).toBe(refusedSignIn);
    const redirect = new Response(null, { status: 302, headers: { location: "/" } });
    expect(await withoutLibraryErrors(redirect, "GET /w")).toBe(redirect);
  });
});
