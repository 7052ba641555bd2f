// The static archive's search index (portability/archive.py runs it): Pagefind's Node API over every HTML file of
// the archive, one index per language (from <html lang>), main content only (data-pagefind-body on <main>). A page
// that links documents from its main content is indexed with their extracted text as well, so a word found only
// inside a toolkit's file finds the toolkit, as the live site's search does; the archived HTML files are not changed.
// Usage: node portability/pagefind_index.mjs SITE_FOLDER EXTRAS.json
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import * as pagefind from "pagefind";

const [site, extrasFile] = process.argv.slice(2);
const extras = JSON.parse(readFileSync(extrasFile, "utf8"));

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function* htmlFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      yield* htmlFiles(path);
    } else if (entry.name.endsWith(".html")) {
      yield path;
    }
  }
}

const { index, errors } = await pagefind.createIndex({});
if (!index) {
  console.error(errors.join("\n"));
  process.exit(1);
}
let pages = 0;
for (const path of htmlFiles(site)) {
  const sourcePath = relative(site, path).split(sep).join("/");
  let content = readFileSync(path, "utf8");
  const extra = extras[sourcePath];
  if (extra) {
    content = content.replace("</main>", `<div>${escapeHtml(extra)}</div></main>`);
  }
  const result = await index.addHTMLFile({ sourcePath, content });
  if (result.errors.length) {
    console.error(`${sourcePath}: ${result.errors.join("; ")}`);
    process.exit(1);
  }
  if (result.file && result.file.url) {
    pages += 1;
  }
}
const written = await index.writeFiles({ outputPath: join(site, "pagefind") });
if (written.errors.length) {
  console.error(written.errors.join("\n"));
  process.exit(1);
}
await pagefind.close();
console.log(`Pagefind indexed ${pages} pages.`);
