// One lint config for the whole workspace: type-aware rules via typescript-eslint's project service,
// so every package gets the same checks without its own config file.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "**/coverage/**",
      "**/generated/**",
      "**/next-env.d.ts",
      ".data/**",
      "**/*.config.{js,mjs}",
      // Compiled and type-checked inside the consumer test's npm folder, against the README's files.
      "packages/trpc-refresh-link/test/consumer/fixture/**",
      "packages/verify/test/consumer/fixture/**",
      // Runs in a folder outside the workspace, against the packed @rotor/verify.
      "packages/api/src/testing/resource-server/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/require-await": "off",
    },
  },
);
