"use client";
// A timestamp in the viewer's locale and time zone. The server (and the first client render) show the
// UTC ISO form, which both sides agree on, so hydration never sees different text.
import { formatTime } from "./format";
import { useHydrated } from "./use-hydrated";

export function LocalTime({ value }: { value: Date | number | null | undefined }) {
  const hydrated = useHydrated();
  if (value === null || value === undefined) return <>{formatTime(value)}</>;
  const iso = new Date(value).toISOString();
  return <time dateTime={iso}>{hydrated ? formatTime(value) : `${iso.slice(0, 19).replace("T", " ")} UTC`}</time>;
}
