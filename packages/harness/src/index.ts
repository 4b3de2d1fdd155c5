// @rotor/harness: starts the real app for end-to-end tests and benchmarks.
export { startWebServer, buildWebApp, type WebServer, type StartWebServerOptions } from "./start-web-server.ts";
export { productionAuthEnv } from "./production-env.ts";
export { launchChromium } from "./launch-chromium.ts";
