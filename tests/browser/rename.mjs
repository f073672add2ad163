// Ticks survive a renamed step file (issue 25, bug 3): the ids are scoped
// to the guide, not the file; ticks stored under the ids of before
// (`data-check-was`) move to the new ids.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, newPage, url, assert, assertEqual } from './lib.mjs';

const ROOT = process.env.STEGVIS_SITE_ROOT;
const BIN = process.env.STEGVIS_BIN;
const STEP = '/planstrategi/tidsplan/';
const KEY = 'stegvis:sjekk:/planstrategi/';

/* Renames a step file as an editor would: the file, then every link to it. */
function renameStep(from, to) {
  renameSync(join(ROOT, 'content', from), join(ROOT, 'content', to));
  for (const entry of readdirSync(join(ROOT, 'content'), { recursive: true })) {
    if (!String(entry).endsWith('.md')) {
      continue;
    }
    const file = join(ROOT, 'content', String(entry));
    const text = readFileSync(file, 'utf8');
    if (text.includes(from)) {
      writeFileSync(file, text.split(from).join(to));
    }
  }
}

function rebuild() {
  execFileSync(BIN, ['--no-color', 'build', '--output', join(ROOT, 'public')], { cwd: ROOT, stdio: 'pipe' });
}

const boxes = (page) => page.locator('main .prose input[type=checkbox][data-check-id]');

await run('ticks and renamed files', [
  ['a tick survives renaming and renumbering the step file', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(STEP));
    assert(await boxes(page).count() > 2, 'the step has a checklist');
    const id = await boxes(page).nth(1).getAttribute('data-check-id');
    await page.locator(`label[for="sjekk-${id}"]`).click();
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'ticked');
    renameStep('planstrategi/03-tidsplan.md', 'planstrategi/03b-lag-en-tidsplan.md');
    rebuild();
    await page.reload();
    assertEqual(await boxes(page).nth(1).getAttribute('data-check-id'), id, 'same id after the rename');
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'still ticked after the rename');
    await page.goto(url('/planstrategi/sjekkliste/'));
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'ticked on the checklist page');
    await page.goto(url('/planstrategi/statusrapport/'));
    const item = page.locator(`[data-plan-item="${id}"]`);
    assertEqual(await item.count(), 1, 'the item on the status report');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['ticks stored under the ids of before move to the new ids', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(STEP));
    const first = boxes(page).nth(0);
    const id = await first.getAttribute('data-check-id');
    const was = await first.getAttribute('data-check-was');
    assert(was && was !== id, `an id of before beside the new one (${was} / ${id})`);
    await page.evaluate(([k, step, w]) => {
      localStorage.setItem(k, JSON.stringify({ [step]: { [w]: true } }));
    }, [KEY, STEP, was]);
    await page.reload();
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'the old tick shows on the new id');
    const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
    assertEqual(stored[STEP][id], true, 'stored under the new id');
    assert(!(was in stored[STEP]), 'the old id is gone from storage');
    // The overview counts it, having migrated nothing itself.
    await page.goto(url('/planstrategi/'));
    const status = await page.locator(`main .steps .step-status[data-step-url="${STEP}"]`).innerText();
    assert(/Pågår 1 av/.test(status.replace(/\s+/g, ' ')), `overview status: ${status}`);
    await page.context().close();
  }],

  ['the overview and the status report move old ticks too', async (browser) => {
    for (const path of ['/planstrategi/', '/planstrategi/statusrapport/']) {
      const page = await newPage(browser);
      await page.goto(url(STEP));
      const first = boxes(page).nth(0);
      const id = await first.getAttribute('data-check-id');
      const was = await first.getAttribute('data-check-was');
      await page.goto(url(path));
      await page.evaluate(([k, step, w]) => {
        localStorage.setItem(k, JSON.stringify({ [step]: { [w]: true } }));
      }, [KEY, STEP, was]);
      await page.reload();
      const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
      assertEqual(stored[STEP][id], true, `${path}: stored under the new id`);
      assert(!(was in stored[STEP]), `${path}: the old id is gone`);
      await page.context().close();
    }
  }],
]);
