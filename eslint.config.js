// Lint for the web UI's TypeScript (`npm run lint`): ESLint's and
// typescript-eslint's recommended rules. The generated bindings are left out.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["ui/dist/**", "ui/src/ipc/bindings.ts", "ui/src/ipc/commands.ts", "node_modules/**"] },
  { files: ["ui/src/**/*.ts"], extends: [js.configs.recommended, ...tseslint.configs.recommended] },
);
