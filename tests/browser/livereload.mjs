// Live reload through `stegvis serve`, in a real Chromium: an open page
// follows edits to its step without a manual reload, keeps its scroll
// position, shows the error overlay when a save breaks the build, and drops
// it when the file is fixed.
//
// Usage: STEGVIS_SITE_ROOT=<site> node livereload.mjs <serve-url>
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { run, newPage, url, assert, assertEqual } from './lib.mjs';

const ROOT = process.env.STEGVIS_SITE_ROOT;
if (!ROOT) {
  console.error('STEGVIS_SITE_ROOT is required');
  process.exit(2);
}
const FILE = path.join(ROOT, 'content', 'planstrategi', '03-tidsplan.md');
const PAGE = '/planstrategi/tidsplan/';

/* Saves like an editor that writes a temp file and renames it over. */
function save(text) {
  const tmp = `${FILE}.stegvis-test.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, FILE);
}

async function waitFor(page, fn, arg, what) {
  try {
    await page.waitForFunction(fn, arg, { timeout: 15000, polling: 50 });
  } catch {
    throw new Error(`timed out waiting for ${what}`);
  }
}

await run('live reload (stegvis serve)', [
  ['the open page shows an edit without a manual reload, at the same scroll position', async (browser) => {
    const original = readFileSync(FILE, 'utf8');
    const page = await newPage(browser);
    await page.goto(url(PAGE));
    // Wait until the event stream is open.
    await page.waitForTimeout(500);
    // 'instant': the theme scrolls smoothly, and a save mid-animation would
    // (rightly) keep a half-way position.
    await page.evaluate(() => window.scrollTo({ top: 600, behavior: 'instant' }));
    await page.evaluate(() => { window.__stegvisMarker = 'same document'; });
    const marker = `Endret i testen ${Date.now()}`;
    const started = Date.now();
    save(original.replace('## Regn baklengs fra vedtaket', `## Regn baklengs fra vedtaket\n\n${marker}`));
    await waitFor(page, (m) => document.body.innerText.includes(m), marker, 'the edited text');
    const ms = Date.now() - started;
    const sameDocument = await page.evaluate(() => window.__stegvisMarker === 'same document');
    assert(!sameDocument, 'the page reloaded itself');
    await page.waitForFunction(() => Math.abs(window.scrollY - 600) < 5, null, { timeout: 5000 }).catch(() => {});
    const y = await page.evaluate(() => window.scrollY);
    assert(Math.abs(y - 600) < 5, `scroll position kept (got ${y})`);
    console.log(`    save → new text on screen: ${ms} ms`);
    save(original);
    await waitFor(page, (m) => !document.body.innerText.includes(m), marker, 'the original text');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems().join('; ')}`);
  }],
  ['a broken save shows the error overlay with file and line; the fix removes it', async (browser) => {
    const original = readFileSync(FILE, 'utf8');
    const page = await newPage(browser);
    await page.goto(url(PAGE));
    await page.waitForTimeout(500);
    save(original.replace('kind: lovkrav', 'kind: lov'));
    await waitFor(page, () => !!document.getElementById('stegvis-feil'), null, 'the overlay');
    const overlay = await page.locator('#stegvis-feil').innerText();
    assert(overlay.includes('content/planstrategi/03-tidsplan.md:4'), `file and line in the overlay: ${overlay}`);
    assert(overlay.includes('ugyldig verdi'), 'the cause');
    assert(overlay.includes('kind: lov'), 'the offending source line');
    // The last good page is still underneath.
    assert((await page.locator('h1').innerText()).includes('tidsplan'), 'last good page under the overlay');
    save(original);
    await waitFor(page, () => !document.getElementById('stegvis-feil'), null, 'the overlay to go');
  }],
]);
