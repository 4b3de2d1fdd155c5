// Test helpers of @rotor/db (`@rotor/db/testing`). The vitest globalSetup module is a separate entry,
// `@rotor/db/testing/global-setup`, because vitest loads it by path in its main process.
import "./provided-context.ts";

export { createTestDatabase, type CreateTestDatabaseOptions, type TestDatabase } from "./create-test-database.ts";
export { ROTOR_PG_URL } from "./provided-context.ts";
export { findFreePort } from "./find-free-port.ts";
