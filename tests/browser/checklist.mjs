// Checklists that remember: localStorage per guide, step page and checklist
// page in sync, status on the guide overview, reset, nynorsk, no-JS fallback.
import { run, newPage, url, assert, assertEqual, assertMatch } from './lib.mjs';

const GUIDE = '/planstrategi/';
const STEP = '/planstrategi/tidsplan/';
const CHECKLIST = '/planstrategi/sjekkliste/';
const KEY = 'stegvis:sjekk:/planstrategi/';

const statusOf = (page, stepUrl) =>
  page.locator(`main .steps .step-status[data-step-url="${stepUrl}"]`).innerText();
const norm = (s) => s.replace(/\s+/g, ' ').trim();

async function firstBoxId(page) {
  return page.locator('main .prose input[type=checkbox][data-check-id]').first().getAttribute('data-check-id');
}

await run('checklists', [
  ['a tick survives a reload and is stored per guide', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(STEP));
    const total = await page.locator('main .prose input[data-check-id]').count();
    assert(total > 1, 'the step has a checklist');
    const slot = page.locator('.step-labels .step-status');
    assertEqual(norm(await slot.innerText()), `Sjekkliste: Ikke startet 0 av ${total}`, 'status before');
    const id = await firstBoxId(page);
    await page.locator(`label[for="sjekk-${id}"]`).click();
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'ticked');
    assertEqual(norm(await slot.innerText()), `Sjekkliste: Pågår 1 av ${total}`, 'status after tick');
    await page.waitForFunction(() => /Pågår/.test(document.querySelector('[data-live]').textContent));
    assertMatch(await page.locator('[data-live]').textContent(), /^Steg 3: Pågår, 1 av \d+\.$/, 'announced politely');
    assertEqual(await page.locator('[data-live]').getAttribute('aria-live'), 'polite', 'live region is polite');
    await page.reload();
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'still ticked after reload');
    const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
    assertEqual(stored[STEP][id], true, `stored under ${KEY}`);
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['the overview shows "Pågår 1 av N" and the checklist page the same tick', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(STEP));
    const id = await firstBoxId(page);
    await page.locator(`#sjekk-${id}`).check();
    await page.goto(url(GUIDE));
    const total = await page.locator(`main .steps .step-status[data-step-url="${STEP}"]`).getAttribute('data-total');
    assertEqual(norm(await statusOf(page, STEP)), `Sjekkliste: Pågår 1 av ${total}`, 'overview status');
    assertMatch(norm(await statusOf(page, '/planstrategi/eierskap/')), /^Sjekkliste: Ikke startet 0 av \d+$/, 'other steps');
    assertMatch(await page.locator('[data-checklist-summary]').innerText(), /^Du har krysset av 1 av \d+ punkter\.$/, 'summary');
    assert(await page.locator('[data-checklist-reset]').isVisible(), 'reset button shown');
    await page.goto(url(CHECKLIST));
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'same id ticked on the checklist page');
    const section = page.locator(`section[data-step-url="${STEP}"] .step-status`);
    assertEqual(norm(await section.innerText()), `Sjekkliste: Pågår 1 av ${total}`, 'checklist page status');
    await page.context().close();
  }],

  ['on the overview, ticks of items a step no longer has do not count', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(STEP));
    const id = await firstBoxId(page);
    // What an older version of the step left in storage: a removed item
    // ticked, and one of today's items ticked.
    await page.evaluate(([step, real]) => {
      localStorage.setItem('stegvis:sjekk:/planstrategi/', JSON.stringify({
        [step]: { 'fjernet-punkt': true, 'enda-et-fjernet': true, [real]: true },
      }));
    }, [STEP, id]);
    await page.goto(url(GUIDE));
    const total = await page.locator(`main .steps .step-status[data-step-url="${STEP}"]`).getAttribute('data-total');
    assertEqual(norm(await statusOf(page, STEP)), `Sjekkliste: Pågår 1 av ${total}`, 'only the existing item counts');
    assertMatch(await page.locator('[data-checklist-summary]').innerText(), /^Du har krysset av 1 av \d+ punkter\.$/, 'summary counts it once');
    await page.context().close();
  }],

  ['finishing a step says "Fullført"', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(CHECKLIST));
    const boxes = page.locator(`section[data-step-url="${STEP}"] input[data-check-id]`);
    const n = await boxes.count();
    for (let i = 0; i < n; i += 1) {
      await boxes.nth(i).check();
    }
    const section = page.locator(`section[data-step-url="${STEP}"] .step-status`);
    assertEqual(norm(await section.innerText()), `Sjekkliste: Fullført ${n} av ${n}`, 'done');
    assert(await section.evaluate((el) => el.classList.contains('step-status--done')), 'done class');
    await page.goto(url(GUIDE));
    assertEqual(norm(await statusOf(page, STEP)), `Sjekkliste: Fullført ${n} av ${n}`, 'overview done');
    await page.context().close();
  }],

  ['step page and checklist page stay in sync across tabs (storage event)', async (browser) => {
    const a = await newPage(browser);
    const context = a.context();
    await a.goto(url(STEP));
    const b = await context.newPage();
    await b.goto(url(CHECKLIST));
    const id = await firstBoxId(a);
    await b.locator(`#sjekk-${id}`).check();
    await a.waitForFunction((i) => document.getElementById(`sjekk-${i}`).checked, id, { timeout: 5000 });
    assertMatch(norm(await a.locator('.step-labels .step-status').innerText()), /Pågår 1 av/, 'status in the other tab');
    await a.locator(`#sjekk-${id}`).uncheck();
    await b.waitForFunction((i) => !document.getElementById(`sjekk-${i}`).checked, id, { timeout: 5000 });
    await context.close();
  }],

  ['reset asks first, then clears the guide\'s ticks', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(STEP));
    const id = await firstBoxId(page);
    await page.locator(`#sjekk-${id}`).check();
    await page.goto(url(GUIDE));
    const reset = page.getByRole('button', { name: 'Nullstill sjekklisten' });
    page.once('dialog', (d) => d.dismiss());
    await reset.click();
    assertMatch(norm(await statusOf(page, STEP)), /Pågår 1 av/, 'dismissed: nothing cleared');
    let message = '';
    page.once('dialog', (d) => {
      message = d.message();
      d.accept();
    });
    await reset.click();
    assertMatch(message, /Vil du fjerne alle avkryssingene/, 'confirm text');
    assertMatch(norm(await statusOf(page, STEP)), /Ikke startet 0 av/, 'cleared on the overview');
    assertEqual(await page.evaluate((k) => localStorage.getItem(k), KEY), null, 'storage cleared');
    await page.waitForFunction(() => /nullstilt/.test(document.querySelector('[data-live]').textContent));
    await page.goto(url(STEP));
    assert(!(await page.locator(`#sjekk-${id}`).isChecked()), 'unticked on the step page');
    // and from the checklist page
    await page.locator(`#sjekk-${id}`).check();
    await page.goto(url(CHECKLIST));
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Nullstill sjekklisten' }).click();
    assert(!(await page.locator(`#sjekk-${id}`).isChecked()), 'cleared on the checklist page');
    await page.context().close();
  }],

  ['guides are kept apart, and nynorsk texts', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/politiske-verksted/'));
    assertEqual(await page.locator('html').getAttribute('lang'), 'nn', 'nynorsk guide');
    const first = page.locator('main .steps .step-status').first();
    const stepUrl = await first.getAttribute('data-step-url');
    assertMatch(norm(await first.innerText()), /^Sjekkliste: Ikkje starta 0 av \d+$/, 'nn not started');
    assert(await page.getByRole('button', { name: 'Nullstill sjekklista' }).isVisible(), 'nn reset');
    await page.goto(url(stepUrl));
    await page.locator('main .prose input[data-check-id]').first().check();
    await page.goto(url('/politiske-verksted/'));
    assertMatch(norm(await page.locator(`main .steps .step-status[data-step-url="${stepUrl}"]`).innerText()), /^Sjekkliste: Pågår 1 av \d+$/, 'nn in progress');
    assertMatch(await page.locator('[data-checklist-summary]').innerText(), /^Du har kryssa av 1 av \d+ punkt\.$/, 'nn summary');
    const keys = await page.evaluate(() => Object.keys(localStorage).sort());
    assert(keys.includes('stegvis:sjekk:/politiske-verksted/'), `own key: ${keys}`);
    assert(!keys.includes(KEY), 'planstrategi untouched');
    let message = '';
    page.once('dialog', (d) => {
      message = d.message();
      d.accept();
    });
    await page.getByRole('button', { name: 'Nullstill sjekklista' }).click();
    assertMatch(message, /avkryssingane i sjekklista/, 'nn confirm');
    await page.context().close();
  }],

  ['without JavaScript every item is shown and nothing pretends to work', async (browser) => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    for (const p of [CHECKLIST, STEP, GUIDE]) {
      await page.goto(url(p));
      const items = page.locator('main li.task');
      const n = await items.count();
      for (let i = 0; i < n; i += 1) {
        assert(await items.nth(i).isVisible(), `${p}: item ${i} visible`);
      }
      assert(!(await page.locator('[data-checklist-reset]').first().isVisible().catch(() => false)), `${p}: no reset without JS`);
      const slots = await page.locator('.step-status').evaluateAll((els) => els.filter((e) => e.offsetParent !== null).length);
      assertEqual(slots, 0, `${p}: status slots empty`);
    }
    await page.context().close();
  }],
]);
