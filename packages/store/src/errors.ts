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

// A concrete error is the base class plus its code. `name` is spelled out rather than read from the
// class, because bundlers rename classes and logs and tests read it.
function storeErrorClass<Code extends StoreErrorCode>(code: Code, name: string) {
  return class extends StoreError {
    readonly code = code;
    override readonly name = name;
  };
}

/** The backing store (Redis) could not be reached in time: connection down, timeout, not ready. */
export class StoreUnavailableError extends storeErrorClass("STORE_UNAVAILABLE", "StoreUnavailableError") {}

/** The store answered, but refused the command (e.g. a Redis reply error). */
export class StoreCommandError extends storeErrorClass("STORE_COMMAND_FAILED", "StoreCommandError") {}

/** The store (or a component using it) was closed by its owner. */
export class StoreClosedError extends storeErrorClass("STORE_CLOSED", "StoreClosedError") {
  constructor(message = "store is closed") {
    super(message);
  }
}

/** A call received an argument it cannot honour (e.g. a TTL that is not a positive number). */
export class StoreArgumentError extends storeErrorClass("STORE_INVALID_ARGUMENT", "StoreArgumentError") {}

/** A factory or env parser received invalid options; the message names the option. */
export class StoreConfigError extends storeErrorClass("STORE_CONFIG_INVALID", "StoreConfigError") {}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
