// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "**/dist/", "docs-api/", "**/node_modules/", "coverage/", "emulator/test/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/explicit-module-boundary-types": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["test/**/*.ts", "emulator/test/**/*.ts", "bench/**/*.ts", "examples/**/*.ts", "emulator/vitest.config.ts"],
    rules: { "@typescript-eslint/explicit-module-boundary-types": "off" },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
  // The emulator's command is a plain JS stand-in for its compiled `dist/cli.js` (present from install on).
  { files: ["emulator/bin/*.js"], ...tseslint.configs.disableTypeChecked },
  { files: ["emulator/bin/*.js"], languageOptions: { globals: { process: "readonly" } } },
  // The CommonJS build's stand-ins (tshy `-cjs.cts` polyfills) are outside tsconfig.json; tshy type-checks them.
  { files: ["src/**/*-cjs.cts"], ...tseslint.configs.disableTypeChecked },
);
