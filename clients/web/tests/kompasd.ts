// A real kompasd for each browser test: a temp store seeded with the demo
// community, gRPC and HTTP on free loopback ports, the built app as its web
// root. Tests reach it through `baseURL` and sign in with demo tokens.
import { test as base, expect, type Page, type BrowserContext } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const source = resolve(import.meta.dirname, "../../..");
const build = resolve(process.env.KOMPAS_BUILD_DIR ?? join(source, "build"));
const kompasdBinary = process.env.KOMPASD ?? join(build, "server/kompasd");
const webRoot = process.env.KOMPAS_WEB_ROOT ?? join(build, "clients/web/dist");
export const kompasExportBinary =
  process.env.KOMPAS_EXPORT ?? join(build, "tools/kompas-export/kompas-export");
export const screenshotDir = process.env.KOMPAS_SCREENSHOTS ?? join(build, "clients/web/screenshots");

export class Kompasd {
  readonly dir = mkdtempSync(join(tmpdir(), "kompas-web-"));
  readonly dataDir = join(this.dir, "data");
  url = "";
  // host:port of the gRPC listener, for the CLI tools (kompas-export).
  grpcAddress = "";
  log = "";
  private process?: ChildProcess;
  private tokens = new Map<string, string>();

  // `port` 0 picks a free one; a restart asks for the same, so the pages
  // open in the browser reach the new process at their own address.
  async start(port = 0): Promise<void> {
    this.log = "";
    this.url = "";
    this.process = spawn(
      kompasdBinary,
      [
        "--address=127.0.0.1:0",
        `--http_address=127.0.0.1:${port}`,
        `--data_dir=${this.dataDir}`,
        `--web_root=${webRoot}`,
        `--municipalities=${join(source, "data/municipalities.tsv")}`,
        `--seed=${join(source, "data/demo_community.json")}`,
        `--demo_tokens_file=${join(this.dir, "tokens")}`,
        "--drain_ms=0",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const onData = (chunk: Buffer) => (this.log += chunk.toString());
    this.process.stdout!.on("data", onData);
    this.process.stderr!.on("data", onData);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const port = /event=http_started .*port=(\d+)/.exec(this.log)?.[1];
      if (port) {
        this.url = `http://127.0.0.1:${port}`;
        break;
      }
      if (this.process.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!this.url) throw new Error(`kompasd did not start:\n${this.log}`);
    this.grpcAddress = `127.0.0.1:${/event=server_started .*port=(\d+)/.exec(this.log)?.[1]}`;
    for (const line of readFileSync(join(this.dir, "tokens"), "utf8").split("\n")) {
      const [member, , token] = line.split("\t");
      if (token) this.tokens.set(member, token);
    }
  }

  token(member: string): string {
    const token = this.tokens.get(member);
    if (!token) throw new Error(`no demo token for ${member}`);
    return token;
  }

  // SIGTERM and wait: the store is closed and flushed when this returns.
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }

  // Stops kompasd (SIGTERM) and starts it again on the same store and the
  // same HTTP port. Browser sessions live in kompasd's memory: the pages
  // must sign in again afterwards.
  async restart(): Promise<void> {
    const port = Number(new URL(this.url).port);
    await this.stop();
    await this.start(port);
  }

  // Every byte of every file in the store, for "nothing personal on disk".
  storeBytes(): Buffer {
    const parts: Buffer[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else parts.push(readFileSync(path));
      }
    };
    walk(this.dataDir);
    return Buffer.concat(parts);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const test = base.extend<{ kompasd: Kompasd }>({
  kompasd: async ({}, use) => {
    const server = new Kompasd();
    await server.start();
    await use(server);
    await server.stop();
    server.remove();
  },
  baseURL: async ({ kompasd }, use) => use(kompasd.url),
});

export { expect };

// Signs a member in through the page, as a person would.
export async function signIn(page: Page, kompasd: Kompasd, member: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Persoonlijke code").fill(kompasd.token(member));
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await expect(page.getByRole("button", { name: "Afmelden" })).toBeVisible();
}

export async function newMember(
  browser: import("@playwright/test").Browser,
  kompasd: Kompasd,
  member: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: kompasd.url });
  const page = await context.newPage();
  await signIn(page, kompasd, member);
  return { context, page };
}

// axe-core on the page as it is now: zero violations of WCAG 2.1 A and AA.
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `accessibility of ${what}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

// Calls kompasd's Connect API as a script would (Bearer token, JSON), for
// setting up what a test needs without clicking through it.
export async function call<T = any>(
  kompasd: Kompasd,
  member: string,
  method: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(`${kompasd.url}/kompas.v1.${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${kompasd.token(member)}` },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method}: ${response.status} ${JSON.stringify(json)}`);
  return json as T;
}

// Presses Tab (at most `limit` times) until `target` has the focus: the way a
// keyboard user gets somewhere. Fails when it is not reachable.
export async function tabTo(page: Page, target: import("@playwright/test").Locator, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`could not reach ${target} with Tab`);
}

// One part of a page, e.g. the field the README shows.
export async function screenshotOf(part: import("@playwright/test").Locator, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await part.screenshot({ path: join(screenshotDir, `${name}.png`) });
}
