// Weighs every page: the JS and CSS it loads, gzip-compressed, against the
// budget of 100 KB per page (issues 14 and 16). The first page is what
// index.html loads; every other page is a bundle of its own (import() in
// App.svelte) plus the first page's files and what it imports in turn, from
// Vite's manifest. Fails the build when a page is over.
// Usage: node scripts/size.mjs DIST_DIR
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const budget = 100 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gzipped = new Map();
const weigh = (file) => {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gzipped.get(file);
};

const html = readFileSync(join(dist, "index.html"), "utf8");
const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const pages = [{ name: "first page", files: new Set(first) }];

const manifestPath = join(dist, ".vite/manifest.json");
if (existsSync(manifestPath)) {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const collect = (key, files) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) collect(imported, files);
  };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry || !key.includes("/pages/")) continue;
    const files = new Set(first);
    collect(key, files);
    pages.push({ name: key.replace(/^.*\/pages\//, "").replace(/\.svelte$/, ""), files });
  }
}

let over = false;
for (const page of pages) {
  const total = [...page.files].reduce((sum, file) => sum + weigh(file), 0);
  if (page === pages[0] || total > budget || process.env.KOMPAS_SIZE_ALL) {
    console.log(`${page.name}: ${page.files.size} files, ${kb(total)} gzip (budget ${kb(budget)})`);
  }
  over ||= total > budget;
}
const heaviest = Math.max(...pages.map((p) => [...p.files].reduce((s, f) => s + weigh(f), 0)));
console.log(`${pages.length - 1} other pages, the heaviest ${kb(heaviest)} gzip with the first page's files`);
if (over) {
  console.error("a page is over its budget: split it with import() or drop a dependency");
  process.exit(1);
}
