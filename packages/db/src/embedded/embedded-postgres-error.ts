// Why the embedded PostgreSQL server could not be provided; callers switch on `code`.
export type EmbeddedPostgresErrorCode =
  /** Something listens on the port but does not accept our credentials (or is not PostgreSQL). */
  | "PORT_IN_USE"
  /** initdb or postgres failed; the message carries the tail of PostgreSQL's own log. */
  | "START_FAILED"
  /** The data directory holds files but is not a PostgreSQL cluster; we will not initialise over it. */
  | "DATA_DIR_INVALID"
  /** Running as root: the `postgres` user the server must run as cannot enter a folder it needs. */
  | "DIRECTORY_CLOSED_TO_POSTGRES_USER";

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";

  constructor(
    readonly code: EmbeddedPostgresErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
