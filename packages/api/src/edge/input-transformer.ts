// superjson for outputs, and for inputs superjson behind a gate: a client's `meta` is checked before
// superjson walks it. Unchecked, a 54-byte body (`{"json":{},"meta":{"values":{"a":["class","Nope"]}}}`)
// burns ~0.5 s of CPU and answers with a stack overflow. Rotor's inputs are plain JSON plus, at most,
// `undefined`, dates and special numbers, so only those annotations are accepted; class, symbol, custom
// and typed-array annotations and referential equalities (aliasing) are refused outright.
import superjson from "superjson";
import type { CombinedDataTransformer } from "@trpc/server";
import { ApiError } from "./api-error.ts";
import { serializeOutput } from "./serialize-output.ts";

const ALLOWED_ANNOTATIONS = new Set(["undefined", "Date", "number", "bigint"]);
/** More annotated values than any Rotor input has; the request's JSON depth and size limits apply first. */
const MAX_META_NODES = 256;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `values` is a tree node, or a record of them; a node is `[annotation]` or `[annotation, { key: node }]`. */
function validTree(root: unknown): boolean {
  const pending: unknown[] = isRecord(root) ? Object.values(root) : [root];
  let visited = 0;
  while (pending.length > 0) {
    if (++visited > MAX_META_NODES) return false;
    const node = pending.pop();
    if (!Array.isArray(node) || node.length < 1 || node.length > 2) return false;
    if (typeof node[0] !== "string" || !ALLOWED_ANNOTATIONS.has(node[0])) return false;
    if (node.length === 2) {
      if (!isRecord(node[1])) return false;
      pending.push(...Object.values(node[1]));
    }
  }
  return true;
}

/** Throws ApiError("INVALID_TRANSFORMER_META") unless `input` is a superjson envelope Rotor accepts. */
export function assertSafeSuperjsonInput(input: unknown): void {
  if (!isRecord(input)) return; // a bare value: superjson passes it through untouched
  const meta = input.meta;
  if (meta === undefined) return;
  if (!isRecord(meta)) throw new ApiError("INVALID_TRANSFORMER_META");
  for (const [key, value] of Object.entries(meta)) {
    if (key === "v" && typeof value === "number") continue;
    if (key === "values" && validTree(value)) continue;
    throw new ApiError("INVALID_TRANSFORMER_META");
  }
}

const deserialize = (value: unknown) => superjson.deserialize<unknown>(value as Parameters<typeof superjson.deserialize>[0]);

export const apiTransformer: CombinedDataTransformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (value: unknown) => {
      assertSafeSuperjsonInput(value);
      return deserialize(value);
    },
  },
  output: { serialize: serializeOutput, deserialize },
};
