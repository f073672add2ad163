// Full-text search in real Chromium, on the small site that
// tests/browser_search.rs builds (served under a sub-path, with a CSP):
// Norwegian word forms, æøå, title + snippet with marked words, the live
// region, keyboard use from the header form to a result, "Vis flere
// treff", no-JS fallback, axe-core on the results, and how many bytes the
// first query downloads.
//
// Usage: node search.mjs <base-url>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { run, newPage, url, assert, assertEqual, assertMatch } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE_PATH = new URL(url('/')).pathname;

const norm = (s) => s.replace(/\s+/g, ' ').trim();

/* Runs a query on the search page; returns the status text and the
 * results as { href, title, excerpt, marks }. */
async function search(page, q) {
  await page.goto(url(`/sok/?q=${encodeURIComponent(q)}`));
  return results(page, q);
}

async function results(page, q) {
  await page.waitForFunction(
    (query) => {
      const s = document.getElementById('sv-sokestatus').textContent;
      return s.includes(`«${query}»`) || /kunne ikk/.test(s);
    },
    q,
    { timeout: 15000 },
  );
  const status = norm(await page.locator('#sv-sokestatus').textContent());
  const hits = await page.locator('#sv-soketreff > li').evaluateAll((lis) => lis.map((li) => ({
    href: li.querySelector('a').getAttribute('href'),
    title: li.querySelector('a').textContent,
    excerpt: li.querySelector('.search-hit__excerpt').textContent,
    marks: [...li.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
  })));
  return { status, hits };
}

const hrefs = (r) => r.hits.map((h) => h.href);

await run('search', [
  ['"planstrategien" finds the page that only says "planstrategi"', async (browser) => {
    const page = await newPage(browser);
    const r = await search(page, 'planstrategien');
    assert(hrefs(r).includes(`${BASE_PATH}strategi/oppstart/`), `results: ${hrefs(r)}`);
    const hit = r.hits.find((h) => h.href === `${BASE_PATH}strategi/oppstart/`);
    assertEqual(hit.title, 'Sett i gang arbeidet', 'the result shows the page title');
    assert(hit.marks.includes('planstrategi'), `the word is marked in the snippet: ${hit.excerpt}`);
    assert(!hrefs(r).includes(`${BASE_PATH}om/`), 'a page without the word is not a result');
    assertMatch(r.status, /^\d+ treff på «planstrategien»\.$/, 'status');
    assertEqual(page.problems().length, 0, `no console errors or CSP violations: ${page.problems()}`);
    await page.context().close();
  }],

  ['"kommunestyret" finds "kommunestyre", and "høring" finds "Høringen" (æøå)', async (browser) => {
    const page = await newPage(browser);
    let r = await search(page, 'kommunestyret');
    assert(hrefs(r).includes(`${BASE_PATH}strategi/behandling/`), `kommunestyret: ${hrefs(r)}`);
    assert(!hrefs(r).includes(`${BASE_PATH}om/`), 'decoy not found');
    r = await search(page, 'høring');
    assert(hrefs(r).includes(`${BASE_PATH}strategi/horing/`), `høring: ${hrefs(r)}`);
    const hit = r.hits.find((h) => h.href === `${BASE_PATH}strategi/horing/`);
    assert(hit.marks.some((m) => m.startsWith('høring')), `marked: ${hit.marks}`);
    r = await search(page, 'milepæler');
    assert(hrefs(r).includes(`${BASE_PATH}strategi/frister/`), `milepæler → milepæl: ${hrefs(r)}`);
    r = await search(page, 'oppstartsmøte');
    assert(hrefs(r).includes(`${BASE_PATH}strategi/oppstart/`), `checklist items are indexed: ${hrefs(r)}`);
    r = await search(page, 'strategiarbeid');
    const titles = r.hits.map((h) => h.title);
    assert(titles.includes('Tidslinje – Strategiarbeid') && titles.includes('Sjekkliste – Strategiarbeid'),
      `results are titled with their guide, not just "Tidslinje": ${titles}`);
    r = await search(page, 'xylofonorkester');
    assertEqual(r.hits.length, 0, 'nonsense finds nothing');
    assertEqual(r.status, 'Ingen treff på «xylofonorkester». Prøv et annet ord, eller færre ord.', 'no hits');
    assert(await page.locator('#sv-soketreff').isHidden(), 'empty list hidden');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['keyboard: header form → search page → results → a result page', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/om/'));
    const field = page.locator('header form[role=search] input[type=search]');
    assertEqual(await page.locator('header form[role=search] label').textContent(), 'Søk', 'visible label');
    await page.keyboard.press('Tab'); // skip link
    for (let i = 0; i < 20 && !(await field.evaluate((el) => el === document.activeElement)); i += 1) {
      await page.keyboard.press('Tab');
    }
    assert(await field.evaluate((el) => el === document.activeElement), 'the header search field is reachable by Tab');
    await page.keyboard.type('planstrategien');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sok\/\?q=planstrategien$/);
    const r = await results(page, 'planstrategien');
    assert(r.hits.length > 0, 'results');
    const status = page.locator('#sv-sokestatus');
    assertEqual(await status.getAttribute('role'), 'status', 'status role');
    assertEqual(await status.getAttribute('aria-live'), 'polite', 'announced politely');
    // From the page's own field, Tab goes to the button, then the first result.
    await page.locator('#sv-sokefelt').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
    assertEqual(focused, r.hits[0].href, 'Tab reaches the first result');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === r.hits[0].href);
    // Typing on the search page searches as you type and keeps ?q= in step.
    await page.goto(url('/sok/'));
    await page.locator('#sv-sokefelt').focus();
    await page.keyboard.type('kommunestyret');
    const typed = await results(page, 'kommunestyret');
    assert(typed.hits.length > 0, 'search as you type');
    assertMatch(page.url(), /\?q=kommunestyret$/, 'the address follows the query');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['"Vis flere treff" adds ten more and moves focus to the first new one', async (browser) => {
    const page = await newPage(browser);
    const r = await search(page, 'rutiner');
    assertEqual(r.hits.length, 10, 'ten at first');
    assertMatch(r.status, /^1[2-9] treff på «rutiner»\.$/, 'the total is announced');
    const more = page.locator('#sv-flere');
    assert(await more.isVisible(), 'more button shown');
    await more.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#sv-soketreff > li').length > 10);
    const focusIndex = await page.evaluate(() => [...document.querySelectorAll('#sv-soketreff > li a')].indexOf(document.activeElement));
    assertEqual(focusIndex, 10, 'focus on the 11th result');
    assert(await more.isHidden(), 'no more button once all are shown');
    await page.context().close();
  }],

  ['the search page with results passes axe-core (WCAG 2.1 AA)', async (browser) => {
    const page = await newPage(browser);
    await search(page, 'planstrategi');
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }).then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)));
    assertEqual(violations.length, 0, `axe: ${violations.join('\n')}`);
    await page.setViewportSize({ width: 320, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scrolling at 320 px (${overflow} px)`);
    await page.context().close();
  }],

  ['without JavaScript the header form still leads to the search page', async (browser) => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(url('/om/'));
    await page.locator('header form[role=search] input[type=search]').fill('planstrategi');
    await page.locator('header form[role=search] button').click();
    await page.waitForURL(/\/sok\/\?q=planstrategi$/);
    assertMatch(norm(await page.locator('main').innerText()), /Søket trenger JavaScript/, 'says why');
    await page.context().close();
  }],

  ['the first query downloads a small part of the index', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/sok/'));
    const fetched = [];
    page.on('response', async (res) => {
      if (res.url().includes('/pagefind/')) {
        const body = await res.body().catch(() => Buffer.alloc(0));
        fetched.push([new URL(res.url()).pathname.replace(/.*\/pagefind\//, ''), body.length]);
      }
    });
    await page.locator('#sv-sokefelt').fill('planstrategien');
    await page.keyboard.press('Enter');
    await results(page, 'planstrategien');
    await page.waitForTimeout(300);
    const total = fetched.reduce((s, [, n]) => s + n, 0);
    console.log(`# first query fetched ${fetched.length} files, ${total} bytes:`);
    for (const [name, n] of fetched) {
      console.log(`#   ${name} ${n}`);
    }
    assert(!fetched.some(([name]) => /-ui\./.test(name)), 'no UI bundle');
    assert(fetched.some(([name]) => name.endsWith('.pf_index')), 'an index chunk');
    assert(fetched.some(([name]) => name.endsWith('.pf_fragment')), 'fragments');
    await page.context().close();
  }],
]);
