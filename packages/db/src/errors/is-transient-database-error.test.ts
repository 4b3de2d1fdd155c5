import { describe, expect, it } from "vitest";
import { isTransientDatabaseError } from "./is-transient-database-error.ts";

function pgError(code: string, message = "boom"): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

describe("isTransientDatabaseError", () => {
  it.each(["57P01", "40001", "40P01", "08006", "08003", "53300"])("treats SQLSTATE %s as transient", (code) => {
    expect(isTransientDatabaseError(pgError(code))).toBe(true);
  });

  it("treats Node socket errors and pg's uncoded connection errors as transient", () => {
    expect(isTransientDatabaseError(Object.assign(new Error("x"), { code: "ECONNREFUSED", syscall: "connect" }))).toBe(true);
    expect(isTransientDatabaseError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isTransientDatabaseError(new Error("timeout exceeded when trying to connect"))).toBe(true);
  });

  it("sees through Prisma's and the adapter's wrappers", () => {
    const adapter = Object.assign(new Error("DriverAdapterError"), { cause: { kind: "postgres", originalCode: "57P01" } });
    expect(isTransientDatabaseError(Object.assign(new Error("wrapped"), { code: "P2010", meta: { driverAdapterError: adapter } }))).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error("pool"), { code: "P2024" }))).toBe(true);
    expect(isTransientDatabaseError(new Error("outer", { cause: { kind: "ConnectionClosed" } }))).toBe(true);
  });

  it("leaves real bugs and constraint errors alone", () => {
    expect(isTransientDatabaseError(pgError("23505"))).toBe(false);
    expect(isTransientDatabaseError(pgError("22021"))).toBe(false);
    expect(isTransientDatabaseError(Object.assign(new Error("x"), { code: "P2002" }))).toBe(false);
    expect(isTransientDatabaseError(new TypeError("undefined is not a function"))).toBe(false);
    expect(isTransientDatabaseError("57P01")).toBe(false);
    expect(isTransientDatabaseError(null)).toBe(false);
  });

  it("stops on cycles", () => {
    const a: { cause?: unknown; message: string } = { message: "a" };
    a.cause = a;
    expect(isTransientDatabaseError(a)).toBe(false);
  });
});
