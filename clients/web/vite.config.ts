import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

// The app is served by kompasd's HTTP listener (--web_root) from the same
// origin as the Connect API, so there is no proxy and no CORS. `vite build
// --outDir` puts the result in the C++ build tree (see CMakeLists.txt).
export default defineConfig({
  plugins: [svelte()],
  build: {
    target: "es2022",
    // Report gzip sizes: the first page must stay under 100 KB (README).
    reportCompressedSize: true,
    // No inline scripts or data URLs for assets: the CSP forbids inline script.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Read by scripts/size.mjs to weigh every page with what it loads.
    manifest: true,
  },
});
