// Editing in a form (issue #23): Decap CMS served by `stegvis serve` on a
// copy of the bundled site. Opens a step of the planstrategi guide, changes
// its title and adds a checklist item in the raw Markdown body, publishes,
// and waits for the preview page of the step to show both. Fails on any
// Content-Security-Policy violation (event or console message) and on
// console errors; records axe-core's findings on Decap's own UI without
// failing on them (the UI is Decap's, not ours).
//
// Usage: STEGVIS_SITE_ROOT=<site> STEGVIS_CMS_EDIT=<json file to write>
//        STEGVIS_CMS_URL=<the form's address with its key, as serve printed it>
//        node cms.mjs <serve-url>
// The script writes {title, item} to STEGVIS_CMS_EDIT; tests/cms.rs then
// compares the saved file with the original and runs `stegvis check`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, newPage, url, assert, assertEqual } from './lib.mjs';
import { axe, report, WCAG } from './axe.mjs';

const ROOT = process.env.STEGVIS_SITE_ROOT;
const EDIT = process.env.STEGVIS_CMS_EDIT;
const KEY_URL = process.env.STEGVIS_CMS_URL;
if (!ROOT || !EDIT || !KEY_URL) {
  console.error('STEGVIS_SITE_ROOT, STEGVIS_CMS_EDIT and STEGVIS_CMS_URL are required');
  process.exit(2);
}
const CMS = '/__stegvis/cms/';
const ENTRY = '#/collections/steg-planstrategi/entries/03-tidsplan';
const PAGE = '/planstrategi/tidsplan/';
const TITLE = `Lag en tidsplan fra skjemaet ${Date.now()}`;
const ITEM = 'Tidsplanen er delt med arbeidsgruppen (lagt til i skjemaet).';
const PERIOD = '2027–2031 (fra skjemaet)';

async function waitFor(page, fn, arg, what, timeout = 20000) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 50 });
  } catch {
    throw new Error(`timed out waiting for ${what}`);
  }
}

/* Every CSP violation the page reports, as the page saw it. */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

await run('editing in a form (Decap CMS in stegvis serve)', [
  ['a step edited in the form is saved, checked and shown by the preview', async (browser) => {
    const page = await newPage(browser);
    await recordViolations(page);
    const notFound = [];
    page.on('response', (r) => {
      if (r.status() >= 400) {
        notFound.push(`${r.status()} ${r.url()}`);
      }
    });
    await page.goto(KEY_URL);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await waitFor(page, () => document.body.innerText.includes('Samlinger'), null, 'the collections');
    await page.goto(url(CMS + ENTRY));
    const title = page.getByRole('textbox', { name: 'Tittel', exact: true });
    await title.waitFor({ timeout: 20000 });
    assertEqual(await title.inputValue(), 'Lag en tidsplan som regner baklengs fra vedtaket', 'the step loaded');

    // The preview of the step is open beside the form, as an editor
    // works: it reloads by itself after the save.
    const preview = await newPage(browser);
    await preview.goto(url(PAGE));
    await preview.waitForTimeout(500);

    await title.fill(TITLE);

    // The body in raw mode: the last line is the last checklist item.
    const last = page.getByText('- [ ] Tidsplanen er lagt fram for de folkevalgte.', { exact: true });
    await last.click();
    // The editor re-renders as it takes focus: wait for that before moving
    // the caret, or the keys land mid-line.
    await page.waitForTimeout(300);
    await page.keyboard.press('End');
    await page.waitForTimeout(100);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
    await page.keyboard.type(`- [ ] ${ITEM}`, { delay: 5 });
    await waitFor(page, (item) => [...document.querySelectorAll('[contenteditable="true"]')]
      .some((e) => e.innerText.includes(`folkevalgte.\n- [ ] ${item}`)), ITEM, 'the new item on a line of its own in the editor');

    // Simple publishing: «Publiser» → «Publiser nå».
    await page.getByRole('button', { name: /^Publiser$/ }).click();
    await page.getByText('Publiser nå', { exact: true }).click();
    // Saved when the file on disk has the new title.
    const file = path.join(ROOT, 'content', 'planstrategi', '03-tidsplan.md');
    const deadline = Date.now() + 20000;
    while (!readFileSync(file, 'utf8').includes(TITLE)) {
      assert(Date.now() < deadline, 'the form saved the file within 20 s');
      await page.waitForTimeout(50);
    }

    writeFileSync(EDIT, JSON.stringify({ title: TITLE, item: ITEM }));

    // The preview follows the save on its own (the file watcher).
    await waitFor(preview, (t) => document.querySelector('h1')?.innerText.includes(t), TITLE, 'the new title in the preview');
    await waitFor(preview, (i) => [...document.querySelectorAll('li')].some((li) => li.innerText.includes(i)
      && li.querySelector('input[type="checkbox"]')), ITEM, 'the new checklist item with its tick box');
    assertEqual(preview.problems().length, 0, `no console errors on the preview: ${preview.problems().join('; ')}`);

    // The media library shows the site's images (as blob: URLs).
    await page.goto(url(CMS + '#/collections/steg-planstrategi'));
    await page.getByRole('button', { name: 'Media', exact: true }).click();
    await waitFor(page, () => [...document.querySelectorAll('img')].some((i) => i.src.startsWith('blob:') && i.naturalWidth > 0),
      null, 'an image in the media library');

    const csp = await page.evaluate(() => window.__csp);
    assertEqual(csp.length, 0, `no CSP violations in the CMS: ${csp.join('; ')}`);
    assertEqual(page.problems().length, 0, `no console errors or CSP messages in the CMS: ${page.problems().join('; ')}`);
    assertEqual(notFound.length, 0, `every file the CMS asked for was there: ${notFound.join('; ')}`);

    // Decap's UI is not ours: its axe findings are recorded, not failed on.
    const violations = await axe(page, { runOnly: { type: 'tag', values: WCAG }, resultTypes: ['violations'] });
    console.log(`    axe on Decap's editor (recorded, not failed on): ${violations.length} rule(s)`);
    if (violations.length) {
      console.log(report('    cms', violations).split('\n').map((l) => `    ${l}`).join('\n'));
    }
  }],
  ['the election period is edited in the form; the rest of site.yaml stays', async (browser) => {
    const page = await newPage(browser);
    await recordViolations(page);
    await page.goto(KEY_URL);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await waitFor(page, () => document.body.innerText.includes('Samlinger'), null, 'the collections');
    await page.goto(url(CMS + '#/collections/innstillinger/entries/periode'));
    const name = page.getByRole('textbox', { name: /^Navn/ });
    await name.waitFor({ timeout: 20000 });
    assertEqual(await name.inputValue(), '2027–2031', 'the period loaded');
    await name.fill(PERIOD);
    await page.getByRole('button', { name: /^Publiser$/ }).click();
    // A file of its own (no «Publiser og lag ny»): the menu may have
    // «Publiser nå» only, or the button saves at once.
    await page.getByText('Publiser nå', { exact: true }).click({ timeout: 3000 }).catch(() => {});
    const file = path.join(ROOT, 'site.yaml');
    const deadline = Date.now() + 20000;
    while (!readFileSync(file, 'utf8').includes(PERIOD)) {
      assert(Date.now() < deadline, 'the form saved site.yaml within 20 s');
      await page.waitForTimeout(50);
    }
    writeFileSync(EDIT, JSON.stringify({ ...JSON.parse(readFileSync(EDIT, 'utf8')), period: PERIOD }));
    const csp = await page.evaluate(() => window.__csp);
    assertEqual(csp.length, 0, `no CSP violations: ${csp.join('; ')}`);
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems().join('; ')}`);
  }],
  ['the file API refuses a path outside content/ with a JSON error', async (browser) => {
    const page = await newPage(browser);
    // Without the key the form does not open, and says where to find it.
    const without = await page.goto(url(CMS));
    assertEqual(without.status(), 403, 'the form without its key');
    assert((await page.locator('body').innerText()).includes('stegvis serve'), 'says where the address is');
    page.clearProblems();
    await page.goto(KEY_URL);
    // Same origin, a path outside content/: a JSON error, no write.
    const outside = await page.evaluate(async (api) => {
      const r = await fetch(api, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: 'persistEntry', params: { dataFiles: [{ slug: 'x', path: '../utenfor.md', raw: 'x' }], assets: [] } }),
      });
      return [r.status, await r.json()];
    }, url('/__stegvis/cms/api'));
    assertEqual(outside[0], 403, 'a path outside is refused');
    assert(typeof outside[1].error === 'string', 'with a JSON error');
  }],
]);
