// Print: step, checklist and timeline pages print without navigation
// chrome, with link targets after links in the content, ticked items as
// ticked, sensible page breaks; Chromium's print-to-PDF of each is written to
// target/screenshots/ for a look.
import { readFile } from 'node:fs/promises';
import { run, newPage, url, assert, assertEqual, assertMatch, screenshotPath } from './lib.mjs';

const CHROME = ['.skip-link', '.main-nav', '.breadcrumbs', '.site-footer', '.guide-nav', '.pager',
  '.guide-tools', '.page-actions', '[data-checklist-reset]', '[data-print]', '.date-form-section',
  '.calendar-links', '.progress'];

async function hiddenInPrint(page) {
  return page.evaluate((selectors) => selectors.flatMap((sel) => [...document.querySelectorAll(sel)]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => sel)), CHROME);
}

const afterContent = (locator) => locator.evaluate((el) => getComputedStyle(el, '::after').content);

async function pdf(page, name) {
  const file = screenshotPath(`print-${name}.pdf`);
  await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const bytes = await readFile(file, 'latin1');
  assert(bytes.startsWith('%PDF-'), `${name}: a PDF`);
  const pages = (bytes.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert(pages >= 1, `${name}: has pages`);
  console.log(`    print-${name}.pdf: ${pages} page(s)`);
  return pages;
}

await run('print', [
  ['a step page prints without chrome, with link targets', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/planstrategi/tidsplan/'));
    await page.locator('main .prose input[data-check-id]').first().check();
    await page.emulateMedia({ media: 'print' });
    assertEqual((await hiddenInPrint(page)).join(', '), '', 'navigation chrome hidden');
    assert(await page.locator('main h1').isVisible(), 'title printed');
    assert(await page.locator('.law-box').isVisible(), 'law box printed');
    const lovdata = page.locator('main .prose a[href^="https://lovdata.no/"]').first();
    assertMatch(await afterContent(lovdata), /\(https:\/\/lovdata\.no\/lov\/2008-06-27-71\/§10-1\)/, 'Lovdata address after the link');
    const internal = page.locator('main .prose a[data-print-url^="http://127.0.0.1"]').first();
    if (await internal.count()) {
      assertMatch(await afterContent(internal), /\(http:\/\/127\.0\.0\.1:\d+\/.+\)/, 'internal link printed in full');
    }
    const lawRef = page.locator('.law-ref__label a').first();
    assertMatch(await afterContent(lawRef), /lovdata\.no/, 'law box link target');
    const ticked = page.locator('main .prose input[data-check-id]:checked').first();
    assertEqual(await afterContent(ticked), '"✓"', 'a ticked item prints ticked');
    const unticked = page.locator('main .prose input[data-check-id]:not(:checked)').first();
    assertEqual(await afterContent(unticked), 'none', 'an open item prints as an empty box');
    const breaks = await page.evaluate(() => ({
      task: getComputedStyle(document.querySelector('li.task')).breakInside,
      law: getComputedStyle(document.querySelector('.law-box')).breakInside,
      h2: getComputedStyle(document.querySelector('main h2')).breakAfter,
    }));
    assertEqual(breaks.task, 'avoid', 'checklist items are not split');
    assertEqual(breaks.law, 'avoid', 'the law box is not split');
    assertEqual(breaks.h2, 'avoid', 'no page break right after a heading');
    const pages = await pdf(page, 'steg');
    assert(pages <= 6, `step prints on few pages (${pages})`);
    await page.context().close();
  }],

  ['the checklist page prints every item, ticks included', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/planstrategi/sjekkliste/'));
    const total = await page.locator('main li.task').count();
    await page.locator('main li.task input').nth(1).check();
    await page.emulateMedia({ media: 'print' });
    assertEqual((await hiddenInPrint(page)).join(', '), '', 'navigation chrome hidden');
    const visible = await page.locator('main li.task').evaluateAll((els) => els.filter((e) => e.getClientRects().length).length);
    assertEqual(visible, total, 'every item printed');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `no sideways overflow in print (${overflow}px)`);
    await pdf(page, 'sjekkliste');
    await page.context().close();
  }],

  ['the timeline and the overview print too', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/planstrategi/tidslinje/'));
    await page.locator('[data-period-input="constituted"]').fill('2031-10-16');
    await page.emulateMedia({ media: 'print' });
    assertEqual((await hiddenInPrint(page)).join(', '), '', 'form and buttons hidden');
    assertEqual(await page.locator('time[data-anchor="deadline"]').innerText(), '16. oktober 2032', 'the user\'s dates print');
    assertMatch(await afterContent(page.locator('.milestone__law').first()), /lovdata\.no/, '§ link target printed');
    await pdf(page, 'tidslinje');
    await page.goto(url('/planstrategi/'));
    await pdf(page, 'veileder');
    await page.context().close();
  }],

  ['without JavaScript external link targets still print', async (browser) => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(url('/planstrategi/tidsplan/'));
    await page.emulateMedia({ media: 'print' });
    const lovdata = page.locator('main .prose a[href^="https://lovdata.no/"]').first();
    assertMatch(await afterContent(lovdata), /\(https:\/\/lovdata\.no\//, 'href printed');
    assertEqual((await hiddenInPrint(page)).join(', '), '', 'navigation chrome hidden');
    await page.context().close();
  }],
]);
