// Save-to-found in the preview, as an editor sees it (issue 15): Chromium
// has the search page of `stegvis serve` open; a step gets a new word;
// the time from writing the file until a search for the word lists the
// step. Also the time of an ordinary query in a fresh tab.
//
//   node benches/serve_search_browser.mjs BASE_URL STEP_FILE STEP_PATH [SAVES]
//
// BASE_URL: the preview (http://127.0.0.1:PORT/); STEP_FILE: the Markdown
// file to change (restored at the end); STEP_PATH: its page (/fase-100/steg-04955/).
// Needs tests/browser/node_modules (cd tests/browser && npm ci).
import { readFile, writeFile } from 'node:fs/promises';
import { launchChromium, waitForAnswer } from './search_page.mjs';

const [base, file, stepPath, savesArg] = process.argv.slice(2);
const saves = Number(savesArg || 5);
const original = await readFile(file, 'utf8');
const browser = await launchChromium();

async function query(page, q) {
  await page.goto(`${base}sok/?q=${encodeURIComponent(q)}`);
  await waitForAnswer(page, q);
  return page.locator('#sv-soketreff > li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = { base };
try {
  const page = await browser.newPage();
  let t = Date.now();
  await query(page, 'radon');
  out.first_query_ms = Date.now() - t; // includes building the whole index
  const fresh = [];
  for (let i = 0; i < 3; i++) {
    const p = await browser.newPage();
    t = Date.now();
    await query(p, 'tiltak');
    fresh.push(Date.now() - t);
    await p.close();
  }
  out.query_fresh_tab_ms_median = median(fresh);
  const found = [];
  for (let i = 0; i < saves; i++) {
    const word = `zqxord${i}x`;
    t = Date.now();
    await writeFile(file, `${original}\n\nOrdet ${word} står her.\n`);
    // Search until the step is listed (each try is a fresh search).
    for (;;) {
      // The page reloads itself after the save; a search it interrupts is
      // simply made again.
      const hrefs = await query(page, word).catch(() => []);
      if (hrefs.includes(stepPath)) {
        break;
      }
      if (Date.now() - t > 120000) {
        throw new Error(`${word} not found after 120 s: ${hrefs}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    found.push(Date.now() - t);
    await new Promise((r) => setTimeout(r, 500));
  }
  out.save_to_found_ms = found;
  out.save_to_found_ms_median = median(found);
} finally {
  await writeFile(file, original);
  await browser.close();
}
console.log(JSON.stringify(out));
