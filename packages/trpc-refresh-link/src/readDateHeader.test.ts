import { describe, expect, it } from "vitest";
import { readDateHeader } from "./readDateHeader.ts";

describe("readDateHeader", () => {
  it("reads the Date header of an http link's meta.response", () => {
    const date = "Tue, 01 Jan 2030 00:00:00 GMT";
    expect(readDateHeader({ response: { headers: new Headers({ date }) } })).toEqual(new Date(date));
  });

  it("reads each new value (the parse memo keeps only the last header)", () => {
    const headers = (date: string) => ({ response: { headers: new Headers({ date }) } });
    const a = "Tue, 01 Jan 2030 00:00:00 GMT";
    const b = "Tue, 01 Jan 2030 00:00:01 GMT";
    expect(readDateHeader(headers(a))).toEqual(new Date(a));
    expect(readDateHeader(headers(b))).toEqual(new Date(b));
    expect(readDateHeader(headers("soon"))).toBeUndefined();
    expect(readDateHeader(headers(a))).toEqual(new Date(a));
  });

  it("ignores anything else", () => {
    expect(readDateHeader(undefined)).toBeUndefined();
    expect(readDateHeader({ eventSource: {} })).toBeUndefined();
    expect(readDateHeader({ response: { headers: new Headers() } })).toBeUndefined();
    expect(readDateHeader({ response: { headers: new Headers({ date: "soon" }) } })).toBeUndefined();
  });
});
