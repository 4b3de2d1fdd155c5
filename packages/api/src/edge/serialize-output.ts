// superjson's serialize for what nearly every Rotor procedure returns: one flat record of strings, finite
// numbers, booleans, nulls and valid Dates (a token pair, a profile). superjson walks any value generically
// (a path array, an annotation lookup and a copy per node): ~4% of the web host's CPU per `auth.refresh`.
// Here the record is copied once, with the annotations superjson would write for its Dates. Anything else
// (nesting, arrays, undefined, -0, NaN, Infinity, invalid Dates, one Date under two keys, keys superjson
// escapes or refuses, class instances) goes to superjson itself; serialize-output.test.ts holds the two to
// the same bytes.
import superjson from "superjson";

type Serialized = ReturnType<typeof superjson.serialize>;

/** Keys superjson writes into its annotation paths as they are (it escapes `.` and `\`). */
const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

function flatRecord(value: object): Serialized | null {
  if (Object.getPrototypeOf(value) !== Object.prototype || Object.getOwnPropertySymbols(value).length > 0) return null;
  const json: Record<string, string | number | boolean | null> = {};
  let dates: Record<string, ["Date"]> | undefined;
  const seen: Date[] = [];
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return null;
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === "string" || typeof item === "boolean" || item === null) json[key] = item;
    else if (typeof item === "number" && Number.isFinite(item) && !Object.is(item, -0)) json[key] = item;
    else if (item instanceof Date && !Number.isNaN(item.getTime()) && PLAIN_KEY.test(key) && !seen.includes(item)) {
      // One Date object under two keys is a referential equality to superjson, which it annotates.
      seen.push(item);
      json[key] = item.toISOString();
      (dates ??= {})[key] = ["Date"];
    } else return null;
  }
  return dates ? { json, meta: { values: dates, v: 1 } } : { json };
}

export function serializeOutput(value: unknown): Serialized {
  return (typeof value === "object" && value !== null && flatRecord(value)) || superjson.serialize(value);
}
