// A county edition's preview when the national text of a step it replaced
// has changed (issue 23): the warning folds into a corner of the page
// (the page stays readable), opens to show the national change as a diff,
// passes axe-core closed and open, and goes once the change is accepted.
//
// Usage: STEGVIS_NATIONAL_FILE=<base step> STEGVIS_COUNTY=<county site>
//        STEGVIS_BIN=<stegvis> node base_warning.mjs <serve-url>
// (run by tests/county_base.rs)
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { run, newPage, url, assert, assertEqual } from './lib.mjs';
import { axeAll } from './axe.mjs';

const FILE = process.env.STEGVIS_NATIONAL_FILE;
const COUNTY = process.env.STEGVIS_COUNTY;
const BIN = process.env.STEGVIS_BIN;
if (!FILE || !COUNTY || !BIN) {
  console.error('STEGVIS_NATIONAL_FILE, STEGVIS_COUNTY and STEGVIS_BIN are required');
  process.exit(2);
}
const PAGE = 'planstrategi/kunnskapsgrunnlag/';

async function waitFor(page, fn, arg, what) {
  try {
    await page.waitForFunction(fn, arg, { timeout: 20000, polling: 100 });
  } catch {
    throw new Error(`timed out waiting for ${what}`);
  }
}

await run('the base-changed warning in the preview', [
  ['folds into a corner, opens to the diff, passes axe, and goes when accepted', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(PAGE));
    assert(!(await page.locator('#stegvis-advarsler').count()), 'no warning before the change');
    await page.waitForTimeout(500);

    const text = readFileSync(FILE, 'utf8');
    const changed = text.replace(/^title: (.*)$/m, 'title: $1 (endret nasjonalt)');
    assert(changed !== text, 'the national step has a title line');
    writeFileSync(FILE, changed);

    await waitFor(page, () => !!document.getElementById('stegvis-advarsler'), null, 'the warning');
    const details = page.locator('#stegvis-advarsler');
    assertEqual(await details.evaluate((d) => d.open), false, 'folded at first');
    const summary = await details.locator('summary').innerText();
    assert(/1 advarsel/.test(summary), `the count in the summary: ${summary}`);
    // Folded, it leaves the page's heading readable and clickable.
    const h1 = await page.locator('h1').boundingBox();
    const box = await details.boundingBox();
    assert(box.y > h1.y + h1.height || box.x > h1.x + h1.width, 'the folded warning does not cover the heading');
    const folded = await axeAll(page, 'county preview, warning folded');
    assertEqual(folded, '', folded);

    await details.locator('summary').click();
    await waitFor(page, () => document.getElementById('stegvis-advarsler').open, null, 'the warning to open');
    const body = await details.innerText();
    assert(body.includes('content/planstrategi/04-samhandling.md'), `the county's file: ${body}`);
    assert(body.includes('base-changed'), 'the code');
    assert(body.includes('(endret nasjonalt)'), 'the national change in the diff');
    assert(body.includes('stegvis base accept'), 'what to do');
    const open = await axeAll(page, 'county preview, warning open');
    assertEqual(open, '', open);

    // Accepted as the hint says, while the preview runs.
    execFileSync(BIN, ['base', 'accept', 'content/planstrategi/04-samhandling.md'], { cwd: COUNTY });
    await waitFor(page, () => !document.getElementById('stegvis-advarsler'), null, 'the warning to go after accepting');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems().join('; ')}`);
  }],
]);
