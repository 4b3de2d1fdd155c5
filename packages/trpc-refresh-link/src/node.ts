// Node-only entry (@rotor/trpc-refresh-link/node): kept out of the main entry so browser bundles
// never see node:fs.
export { fileTokenStore, type FileTokenStoreOptions } from "./stores/fileTokenStore.ts";
