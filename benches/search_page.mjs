// What first_query.mjs and serve_search_browser.mjs share: Chromium through
// tests/browser's playwright-core, and waiting on the search page (sok/)
// until it has answered a query.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

/** Debian's Chromium (or STEGVIS_CHROMIUM), headless. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.STEGVIS_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
}

/** Waits until the search status names `query` (hits or none) or says the
 *  search could not run. */
export function waitForAnswer(page, query) {
  return page.waitForFunction(
    (q) => {
      const s = document.getElementById('sv-sokestatus').textContent;
      return s.includes(`«${q}»`) || /kunne ikk/.test(s);
    },
    query,
    { timeout: 120000 },
  );
}
