// Launches Debian's Chromium through playwright-core for browser tests. The flags let it run as root in a
// container and keep it from calling home (this network only reaches package registries).
import { chromium, type Browser } from "playwright-core";
import { readHarnessEnv } from "./env.ts";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: readHarnessEnv().CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
