// CLI status output goes to stderr: stdout belongs to the command rotor-db-run launches.
export function log(message: string): void {
  process.stderr.write(`[rotor-db] ${message}\n`);
}

/** A URL safe to print: the password replaced. */
export function redactUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "<unparseable URL>";
  }
}
