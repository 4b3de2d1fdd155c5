// Minimal tRPC-over-HTTP calls for load generation: no client link chain in the measured path.
import superjson from "superjson";

export async function trpcMutation<T>(baseUrl: string, path: string, input: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${baseUrl}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(superjson.serialize(input)),
  });
  const body = (await res.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${path} failed with ${res.status}: ${JSON.stringify(body.error)}`);
  return superjson.deserialize<T>(body.result.data);
}
