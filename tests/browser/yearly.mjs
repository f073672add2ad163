// A yearly guide (issue 22): «Handlingsdel og økonomiplan» runs every
// budget year. Ticking an item in one year does not tick it in the next;
// the dates follow the year picked and the dates typed for that year; a
// share link carries the year (and the reader's county); and the county
// picked on «Hvor får dere hjelp?» names its statsforvalter and
// fylkeskommune in the footer of every page. axe runs on the new states.
import { run, newPage, url, assert, assertEqual, assertMatch } from './lib.mjs';
import { axeAll } from './axe.mjs';

const GUIDE = '/handlingsdel-og-okonomiplan/';
const CHECKLIST = GUIDE + 'sjekkliste/';
const TIMELINE = GUIDE + 'tidslinje/';
const STATUS = GUIDE + 'statusrapport/';
const STEP = GUIDE + 'vedtak/';

/* The year the page shows, once its script has set it. */
async function shownYear(page, year) {
  await page.locator('[data-cycle-year]', { hasText: String(year) }).first().waitFor();
  return page.locator('[data-cycle-year]').first().innerText();
}

async function pickYear(page, year) {
  await page.locator('[data-year-form]').waitFor({ state: 'visible' });
  await page.locator('[data-year-select]').selectOption(String(year));
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('[data-year-form] button[type="submit"]').click(),
  ]);
  await page.locator('[data-cycle-year]', { hasText: String(year) }).first().waitFor();
}

await run('yearly guide', [
  ['a tick in one budget year is not a tick in the next', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(CHECKLIST));
    assertEqual(await page.locator('[data-cycle-year]').first().innerText(), '2028', 'the first year by default');
    await page.locator('[data-year-form]').waitFor({ state: 'visible' });
    const box = page.locator('input[data-check-id]').first();
    const id = await box.getAttribute('data-check-id');
    await page.locator(`label[for="sjekk-${id}"]`).click();
    assert(await box.isChecked(), 'ticked in 2028');
    await pickYear(page, 2029);
    assert(!(await page.locator(`#sjekk-${id}`).isChecked()), 'not ticked in 2029');
    // The step page reads the same year.
    await page.goto(url(STEP));
    assertEqual(await shownYear(page, 2029), '2029', 'the step page follows the choice');
    await pickYear(page, 2028);
    await page.goto(url(CHECKLIST));
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'still ticked in 2028');
    const problems = await axeAll(page, 'checklist with the year picker');
    assertEqual(problems, '', problems);
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['the dates follow the year picked and the dates typed for it', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(STEP));
    const vedtak = page.locator('.prose time[data-expr="budsjettvedtak"]').first();
    const built = await vedtak.getAttribute('datetime');
    assertMatch(built, /^2027-12-/, 'built for budget year 2028');
    await pickYear(page, 2030);
    assertMatch(await page.locator('.prose time[data-expr="budsjettvedtak"]').first().getAttribute('datetime'), /^2029-12-/, 'the budget meeting of 2030 is in December 2029');
    // Type the municipality's own meeting for 2030 on the timeline.
    await page.goto(url(TIMELINE));
    assertEqual(await shownYear(page, 2030), '2030', 'the timeline reads the chosen year');
    const input = page.locator('[data-guide-date-input="budsjettvedtak"]');
    await input.fill('2029-12-05');
    await input.dispatchEvent('change');
    await page.locator('[data-timeline-status]', { hasText: 'budsjettåret 2030' }).waitFor();
    const problems = await axeAll(page, 'timeline of a yearly guide with a typed date');
    assertEqual(problems, '', problems);
    await page.goto(url(STEP));
    assertEqual(await page.locator('.prose time[data-expr="budsjettvedtak"]').first().getAttribute('datetime'), '2029-12-05', 'the typed date on the step page');
    // Another year keeps its own default.
    await pickYear(page, 2031);
    assertMatch(await page.locator('.prose time[data-expr="budsjettvedtak"]').first().getAttribute('datetime'), /^2030-12-/, '2031 is not changed by what was typed for 2030');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['a share link carries the year and the county', async (browser) => {
    const a = await newPage(browser);
    await a.goto(url('/hjelp/'));
    await a.locator('[data-help-picker] select').selectOption('vestland');
    await a.locator('[data-help-status]', { hasText: 'Vestland' }).waitFor();
    await a.goto(url(CHECKLIST));
    await pickYear(a, 2030);
    const id = await a.locator('input[data-check-id]').first().getAttribute('data-check-id');
    await a.locator(`label[for="sjekk-${id}"]`).click();
    await a.goto(url(STATUS));
    await a.locator('.status-report__meta [data-cycle-year]', { hasText: '2030' }).waitFor();
    await a.getByRole('button', { name: /Del med/ }).click();
    const link = await a.locator('[data-plan-share-link]').inputValue();
    const b = await newPage(browser);
    await b.goto(link);
    await b.getByRole('button', { name: /Erstatt/ }).click();
    await b.locator('.status-report__meta [data-cycle-year]', { hasText: '2030' }).waitFor();
    await b.goto(url(CHECKLIST));
    assertEqual(await shownYear(b, 2030), '2030', 'the fresh profile is on 2030');
    assert(await b.locator(`#sjekk-${id}`).isChecked(), 'the tick of 2030 came along');
    await pickYear(b, 2028);
    assert(!(await b.locator(`#sjekk-${id}`).isChecked()), 'and only in 2030');
    const footer = b.locator('[data-help-county] [data-help-filled]');
    await footer.waitFor();
    assertMatch(await footer.innerText(), /Statsforvaltaren i Vestland/, 'the county came along too');
    // A plan of a budget year this guide does not have (another period)
    // is refused, and nothing is changed.
    await b.goto(url(STATUS));
    const foreign = link.replace(/#.*$/, '#') + await b.evaluate(async () => {
      const share = await import('/js/share.js');
      const state = await import('/js/state.js');
      const s = state.emptyState();
      s.year = 2035;
      return share.encodeShare(s, { steps: [] });
    });
    await b.goto(foreign);
    await b.locator('[data-plan-incoming]', { hasText: '2035' }).waitFor();
    assertMatch(await b.locator('[data-plan-incoming]').innerText(), /ikke er et av årene/, 'the reason in words');
    await b.goto(url(CHECKLIST));
    await pickYear(b, 2030);
    assert(await b.locator(`#sjekk-${id}`).isChecked(), 'the tick of 2030 is still there');
    assertEqual(a.problems().length + b.problems().length, 0, `no console errors: ${a.problems()} ${b.problems()}`);
    await a.context().close();
    await b.context().close();
  }],

  ['the county picked once names its bodies in every footer', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/planstrategi/'));
    await page.locator('[data-help-choose]').waitFor({ state: 'visible' });
    await page.goto(url('/hjelp/'));
    const select = page.locator('[data-help-picker] select');
    await page.locator('[data-help-picker]').waitFor({ state: 'visible' });
    await select.selectOption('nordland');
    await page.locator('[data-help-status]', { hasText: 'Nordland' }).waitFor();
    await page.goto(url('/planstrategi/'));
    const filled = page.locator('[data-help-county] [data-help-filled]');
    await filled.waitFor();
    const names = await filled.locator('.site-help__name').allInnerTexts();
    assertEqual(JSON.stringify(names), JSON.stringify(['Statsforvalteren i Nordland', 'Nordland fylkeskommune']), 'the county\'s two bodies');
    assert(!(await page.locator('[data-help-choose]').isVisible()), 'no invitation once chosen');
    const problems = await axeAll(page, 'footer with a chosen county');
    assertEqual(problems, '', problems);
    // Forgetting the choice.
    await page.goto(url('/hjelp/'));
    await select.selectOption('');
    await page.locator('[data-help-status]', { hasText: 'ikke lenger' }).waitFor();
    await page.goto(url('/planstrategi/'));
    assertEqual(await page.locator('[data-help-filled]').count(), 0, 'the footer is back to the invitation');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],
]);
