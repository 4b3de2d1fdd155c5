#!/usr/bin/env node
// Entry for `rotor-db-run`: loads the TypeScript launcher through tsx so workspace scripts can call it.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/run.ts");
