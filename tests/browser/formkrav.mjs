// «Formkrav før og etter vedtak» (issue 21): a guide's formal requirements, ticked
// on the checklist page, show on their step and in the status report, go
// with the share link, and are seen ticked in a fresh browser profile.
import { run, newPage, url, assert, assertEqual, assertMatch } from './lib.mjs';

const CHECKLIST = '/samfunnsdel/sjekkliste/';
const STATUS = '/samfunnsdel/statusrapport/';

await run('formkrav', [
  ['ticked on the checklist page, shared by link, seen ticked in a fresh profile', async (browser) => {
    const a = await newPage(browser);
    await a.goto(url(CHECKLIST));
    const list = a.locator('.formkrav-list');
    assertEqual(await list.locator('h2').innerText(), 'Formkrav før og etter vedtak', 'the list');
    const boxes = list.locator('input[data-check-id]');
    const n = await boxes.count();
    assert(n >= 10, `every requirement of the guide (${n})`);
    const first = await boxes.nth(0).getAttribute('data-check-id');
    const last = await boxes.nth(n - 1).getAttribute('data-check-id');
    await a.locator(`label[for="sjekk-${first}"]`).click();
    await a.locator(`label[for="sjekk-${last}"]`).click();
    // The step of the last one shows it ticked in its «Formkrav» box.
    const stepUrl = await boxes.nth(n - 1).locator('xpath=ancestor::*[@data-step-url][1]').getAttribute('data-step-url');
    await a.goto(stepUrl.startsWith('http') ? stepUrl : url(stepUrl));
    assertEqual(await a.locator('.formkrav-box h2').innerText(), 'Formkrav', 'the box on the step');
    assert(await a.locator(`.formkrav-box #sjekk-${last}`).isChecked(), 'ticked on the step');
    // The status report says which are met, in words.
    await a.goto(url(STATUS));
    const met = a.locator('.formkrav-status__item--done');
    assertEqual(await met.count(), 2, 'two met');
    assertEqual(await met.first().locator('[data-plan-formkrav-state]').innerText(), 'Oppfylt', 'said in words');
    assertMatch(await a.locator('.formkrav-status__item:not(.formkrav-status__item--done) [data-plan-formkrav-state]').first().innerText(), /Ikkje kryssa av/, 'the others too');
    await a.getByRole('button', { name: 'Del med arbeidsgruppa' }).click();
    const link = await a.locator('[data-plan-share-link]').inputValue();
    const b = await newPage(browser);
    await b.goto(link);
    await b.getByRole('button', { name: 'Erstatt med innhaldet' }).click();
    await b.locator('[data-plan-status]', { hasText: 'erstatta' }).waitFor();
    assertEqual(await b.locator('.formkrav-status__item--done').count(), 2, 'both met in the fresh profile');
    await b.goto(url(CHECKLIST));
    assert(await b.locator(`.formkrav-list #sjekk-${first}`).isChecked(), 'first ticked in the fresh profile');
    assert(await b.locator(`.formkrav-list #sjekk-${last}`).isChecked(), 'last ticked in the fresh profile');
    assertEqual(a.problems().length + b.problems().length, 0, `no console errors: ${a.problems()} ${b.problems()}`);
    await a.context().close();
    await b.context().close();
  }],
]);
