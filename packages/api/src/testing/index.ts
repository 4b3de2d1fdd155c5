// Test helpers for packages that exercise the API (client links, CLI, web).
export { createTestApi, type TestApi } from "./create-test-api.ts";
export { startApiServer, type ApiServer } from "./start-api-server.ts";
export { spawnApiProcess, type ApiProcess } from "./spawn-api-process.ts";
export { measureRevocationPropagation, apiClient, type PropagationSample } from "./measure-revocation-propagation.ts";
export { startInstancePair, type InstancePair } from "./start-instance-pair.ts";
export { spawnResourceServer, type ResourceServer, type ResourceServerOptions } from "./resource-server/spawn-resource-server.ts";
export { installPackedVerify } from "./resource-server/install-packed-verify.ts";
