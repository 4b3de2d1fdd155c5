// Display helpers shared by the pages. Times are shown in the viewer's locale and time zone.

export function formatTime(value: Date | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** A short device label from a user agent: enough to tell sessions apart, no UA parser dependency. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser =
    /Edg\//.test(userAgent) ? "Edge"
    : /HeadlessChrome|Chrome\//.test(userAgent) ? "Chrome"
    : /Firefox\//.test(userAgent) ? "Firefox"
    : /Safari\//.test(userAgent) ? "Safari"
    : /curl\//.test(userAgent) ? "curl"
    : userAgent.split(/[ /]/)[0] || "Unknown";
  const os =
    /Windows/.test(userAgent) ? "Windows"
    : /Mac OS X/.test(userAgent) ? "macOS"
    : /Android/.test(userAgent) ? "Android"
    : /iPhone|iPad/.test(userAgent) ? "iOS"
    : /Linux/.test(userAgent) ? "Linux"
    : null;
  return os ? `${browser} on ${os}` : browser;
}
