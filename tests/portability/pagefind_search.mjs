// A search of the archive's Pagefind index, as the archive's search page runs it in a browser: Pagefind's own
// search bundle (pagefind/pagefind.js of the archive), fetching its index over HTTP from the static server.
// Prints the URLs of the results as a JSON list. Used by tests/portability/test_archive_static.py.
// Usage: node tests/portability/pagefind_search.mjs SITE_FOLDER BASE_URL LANGUAGE WORD
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [site, baseUrl, language, word] = process.argv.slice(2);
// The page's language, as <html lang> gives it in a browser: Pagefind loads that language's index.
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => language }) };
const pagefind = await import(pathToFileURL(join(site, "pagefind", "pagefind.js")).href);
await pagefind.options({ basePath: `${baseUrl}/pagefind/` });
await pagefind.init();
const search = await pagefind.search(word);
const results = await Promise.all(search.results.map((result) => result.data()));
console.log(JSON.stringify(results.map((result) => result.url)));
await pagefind.destroy?.();
