// Reports what the first page costs: the JS and CSS that index.html loads,
// gzip-compressed, against the budget of 100 KB (issue 14). Fails the build
// when the budget is exceeded.  Usage: node scripts/size.mjs DIST_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const budget = 100 * 1024;
const html = readFileSync(join(dist, "index.html"), "utf8");
const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
for (const asset of assets) {
  total += gzipSync(readFileSync(join(dist, asset)), { level: 9 }).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`first page: ${assets.length} files, ${kb(total)} gzip (budget ${kb(budget)})`);
if (total > budget) {
  console.error("first page is over its budget: split a page off with import() or drop a dependency");
  process.exit(1);
}
