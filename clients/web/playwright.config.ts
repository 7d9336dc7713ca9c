import { defineConfig } from "@playwright/test";

// Browser tests drive Debian's chromium (no browser download) against a real
// kompasd on loopback with a temp store; see tests/kompasd.ts. ctest runs
// them (clients/web/CMakeLists.txt) after the C++ build and `vite build`.
export default defineConfig({
  testDir: "tests",
  // One at a time: each test starts its own kompasd, and CI has two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: process.env.KOMPAS_WEB_RESULTS ?? "test-results",
  use: {
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
    viewport: { width: 1280, height: 900 },
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      // Chromium on Linux takes its own language (date fields' format:
      // dd-mm-jjjj) from LANGUAGE, not from `locale` or --lang; its Dutch
      // files come with Debian's chromium-l10n (tools/dev.sh installs it).
      env: { ...process.env, LANGUAGE: "nl" },
      // Without these, chromium tries the network at every start, which a
      // closed CI machine refuses.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
});
