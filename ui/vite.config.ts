import { defineConfig } from "vite";

// The UI is served from the app bundle: relative asset paths, no remote content.
export default defineConfig({
  root: "ui",
  base: "./",
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true, target: "safari15", sourcemap: false },
});
