// Error classes of @rotor/store. Callers switch on `code` (stable strings), never on messages.

export type StoreErrorCode =
  | "STORE_UNAVAILABLE"
  | "STORE_COMMAND_FAILED"
  | "STORE_CLOSED"
  | "STORE_INVALID_ARGUMENT"
  | "STORE_CONFIG_INVALID";

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

/** The backing store (Redis) could not be reached in time: connection down, timeout, not ready. */
export class StoreUnavailableError extends StoreError {
  readonly code = "STORE_UNAVAILABLE";
  override readonly name = "StoreUnavailableError";
}

/** The store answered, but refused the command (e.g. a Redis reply error). */
export class StoreCommandError extends StoreError {
  readonly code = "STORE_COMMAND_FAILED";
  override readonly name = "StoreCommandError";
}

/** The store (or a component using it) was closed by its owner. */
export class StoreClosedError extends StoreError {
  readonly code = "STORE_CLOSED";
  override readonly name = "StoreClosedError";
  constructor(message = "store is closed") {
    super(message);
  }
}

/** A call received an argument it cannot honour (e.g. a TTL that is not a positive number). */
export class StoreArgumentError extends StoreError {
  readonly code = "STORE_INVALID_ARGUMENT";
  override readonly name = "StoreArgumentError";
}

/** A factory or env parser received invalid options; the message names the option. */
export class StoreConfigError extends StoreError {
  readonly code = "STORE_CONFIG_INVALID";
  override readonly name = "StoreConfigError";
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
