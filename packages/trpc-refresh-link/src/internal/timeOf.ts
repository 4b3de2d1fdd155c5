// Expiries arrive as Date (superjson), ISO string (plain JSON transports, Web Storage) or epoch
// milliseconds; the link compares them as numbers. NaN for anything else.
export function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === "string") return new Date(value).getTime();
  return Number.NaN;
}
