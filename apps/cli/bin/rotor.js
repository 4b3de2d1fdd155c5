#!/usr/bin/env node
// Runs the TypeScript source through tsx's loader: workspace packages export .ts, nothing is built.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
