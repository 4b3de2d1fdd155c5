import type { NextConfig } from "next";

// Same production settings as Rotor's app where they matter for an API call.
const config: NextConfig = { poweredByHeader: false, compress: false, serverExternalPackages: ["pg"] };

export default config;
