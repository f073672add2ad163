// WCAG 2.1 AA: axe-core on every page of the bundled site (and on the
// pages' scripted states), plus what axe cannot see: skip link, visible
// focus, landmarks, heading hierarchy, reflow at 320 px, reduced motion,
// and no CSP violations or script errors anywhere.
import { run, newPage, url, crawl, pageTypes, assert, assertEqual } from './lib.mjs';
import { axeAll } from './axe.mjs';

const PAGES = await crawl();


async function checkStructure(page, where) {
  const s = await page.evaluate(() => {
    const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible)
      .map((h) => Number(h.tagName[1]));
    const jumps = [];
    headings.forEach((level, i) => {
      if (i > 0 && level > headings[i - 1] + 1) {
        jumps.push(`h${headings[i - 1]} → h${level}`);
      }
    });
    const navs = [...document.querySelectorAll('nav')].map((n) => {
      const by = n.getAttribute('aria-labelledby');
      return n.getAttribute('aria-label') || (by && document.getElementById(by) ? document.getElementById(by).textContent.trim() : '');
    });
    return {
      lang: document.documentElement.lang,
      h1: document.querySelectorAll('h1').length,
      firstHeading: headings[0],
      jumps,
      mains: document.querySelectorAll('main').length,
      mainId: document.querySelector('main') && document.querySelector('main').id,
      banners: document.querySelectorAll('body > header').length,
      footers: document.querySelectorAll('body > footer').length,
      navs,
      title: document.title,
    };
  });
  const problems = [];
  if (!/^(nb|nn)$/.test(s.lang)) problems.push(`lang="${s.lang}"`);
  if (s.h1 !== 1) problems.push(`${s.h1} h1 elements`);
  if (s.firstHeading !== 1) problems.push(`first heading is h${s.firstHeading}`);
  if (s.jumps.length) problems.push(`heading levels skipped: ${s.jumps.join(', ')}`);
  if (s.mains !== 1 || s.mainId !== 'hovedinnhold') problems.push('one <main id="hovedinnhold">');
  if (s.banners !== 1) problems.push(`${s.banners} site headers`);
  if (s.footers !== 1) problems.push(`${s.footers} site footers`);
  if (s.navs.some((n) => !n)) problems.push('a <nav> without a name');
  if (new Set(s.navs).size !== s.navs.length) problems.push(`nav names repeat: ${s.navs}`);
  if (!s.title) problems.push('empty <title>');
  return problems.length ? `${where}: ${problems.join('; ')}` : '';
}

async function checkReflow(page, where) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  return w <= 320 ? '' : `${where}: scrollWidth ${w} > 320`;
}

async function checkFocus(page, where, stops = 40) {
  const problems = [];
  await page.evaluate(() => {
    document.activeElement && document.activeElement.blur && document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Set();
  for (let i = 0; i < stops; i += 1) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const path = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
        (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '') +
        (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '');
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) ||
        (cs.boxShadow && cs.boxShadow !== 'none') ||
        /* checkboxes show focus on their whole row */
        (el.closest('li.task') && getComputedStyle(el.closest('li.task')).outlineStyle !== 'none');
      return {
        path,
        ring,
        inView: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth && r.width > 0 && r.height > 0,
      };
    });
    if (!f) break;
    if (seen.has(f.path)) break;
    seen.add(f.path);
    if (!f.ring) problems.push(`no visible focus ring on ${f.path}`);
    if (!f.inView) problems.push(`focused element off screen: ${f.path}`);
  }
  return problems.length ? `${where}: ${problems.join('; ')}` : '';
}

async function checkSkipLink(page, where) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    return { skip: el.classList.contains('skip-link'), href: el.getAttribute('href'), text: el.textContent.trim(), top: r.top, h: r.height };
  });
  const problems = [];
  if (!first.skip) problems.push('first Tab does not reach the skip link');
  if (first.href !== '#hovedinnhold') problems.push(`skip link goes to ${first.href}`);
  if (!(first.top >= 0 && first.h > 0)) problems.push('skip link not visible when focused');
  await page.keyboard.press('Enter');
  const after = await page.evaluate(() => ({ hash: location.hash, active: document.activeElement.id }));
  if (after.active !== 'hovedinnhold') problems.push(`after Enter focus is on "${after.active}"`);
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => {
    const main = document.querySelector('main');
    const el = document.activeElement;
    /* the first focusable element in or after <main> */
    return main.contains(el) || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  if (!inMain) problems.push('the next Tab after the skip link does not continue from <main>');
  return problems.length ? `${where}: ${problems.join('; ')}` : '';
}

function collect(failures) {
  const list = failures.filter(Boolean);
  assert(!list.length, `\n    ${list.join('\n    ')}`);
}

await run('accessibility', [
  ['crawl finds every page type', async () => {
    console.log(`    ${PAGES.length} pages: ${PAGES.join(' ')}`);
    for (const [, p] of await pageTypes()) {
      assert(PAGES.includes(p) || p === '/finnes-ikke/', `crawl found ${p}`);
    }
  }],

  ['axe (WCAG 2.1 A/AA + structure rules) on every page at 1280 px', async (browser) => {
    const page = await newPage(browser);
    const failures = [];
    for (const p of PAGES) {
      const res = await page.goto(url(p));
      if (p === '/finnes-ikke/') {
        assertEqual(res.status(), 404, '404 status');
      }
      failures.push(await axeAll(page, p));
      failures.push(await checkStructure(page, p));
    }
    failures.push(page.problems().map((x) => `console: ${x}`).join('\n'));
    collect(failures);
    await page.context().close();
  }],

  ['axe and reflow at 320 px on every page (no horizontal scrolling)', async (browser) => {
    const page = await newPage(browser, { viewport: { width: 320, height: 720 } });
    const failures = [];
    for (const p of PAGES) {
      await page.goto(url(p));
      failures.push(await checkReflow(page, p));
      failures.push(await axeAll(page, `${p} @320`));
    }
    collect(failures);
    await page.context().close();
  }],

  ['scripted states are accessible too (ticked checklist, recomputed timeline, status report, share preview, privacy page)', async (browser) => {
    const failures = [];
    for (const width of [1280, 320]) {
      const page = await newPage(browser, { viewport: { width, height: 800 } });
      await page.goto(url('/planstrategi/tidsplan/'));
      await page.locator('main .prose input[data-check-id]').first().check();
      failures.push(await axeAll(page, `step (ticked) @${width}`));
      await page.goto(url('/planstrategi/sjekkliste/'));
      failures.push(await axeAll(page, `checklist (ticked) @${width}`));
      if (width === 320) failures.push(await checkReflow(page, 'checklist (ticked)'));
      await page.goto(url('/planstrategi/'));
      failures.push(await axeAll(page, `overview (progress) @${width}`));
      if (width === 320) failures.push(await checkReflow(page, 'overview (progress)'));
      for (const t of ['/planstrategi/tidslinje/', '/politiske-verksted/tidslinje/']) {
        await page.goto(url(t));
        const input = page.locator('[data-period-input="constituted"]');
        await input.fill('2031-10-16');
        await page.locator('[data-period-input="council_meeting"]').fill('2029-01-10');
        failures.push(await axeAll(page, `${t} (typed dates, warning) @${width}`));
        if (width === 320) failures.push(await checkReflow(page, `${t} (typed dates)`));
      }
      /* a rule of the law broken by typed dates, on both kinds of guide */
      await page.goto(url('/planstrategi/tidslinje/'));
      await page.locator('[data-period-input="council_meeting"]').fill('2033-01-10');
      await page.locator('.date-rule--broken').first().waitFor();
      failures.push(await axeAll(page, `planstrategi timeline (rule broken) @${width}`));
      await page.goto(url('/samfunnsdel/tidslinje/'));
      await page.locator('[data-guide-date-input="hoyring"]').fill('2029-09-03');
      await page.locator('[data-guide-date-input="vedtak"]').fill('2029-09-20');
      await page.locator('.date-rule--broken').first().waitFor();
      failures.push(await axeAll(page, `samfunnsdel timeline (rule broken) @${width}`));
      if (width === 320) failures.push(await checkReflow(page, 'samfunnsdel timeline (rule broken)'));
      await page.goto(url('/samfunnsdel/statusrapport/'));
      await page.locator('.date-rule--broken').first().waitFor();
      failures.push(await axeAll(page, `samfunnsdel status report (rule broken) @${width}`));
      /* the status report with a plan, its share box, a link's preview
         and a broken link's message, and the privacy page */
      await page.goto(url('/planstrategi/statusrapport/'));
      await page.getByLabel('Kommunens navn (valgfritt)').fill('Fjellbygd kommune');
      await page.locator('[data-plan-share]').click();
      failures.push(await axeAll(page, `status report (ticked, share box) @${width}`));
      if (width === 320) failures.push(await checkReflow(page, 'status report (share box)'));
      const link = await page.locator('[data-plan-share-link]').inputValue();
      await page.goto(url('/'));
      await page.goto(link);
      await page.locator('[data-plan-incoming]').waitFor();
      failures.push(await axeAll(page, `status report (link preview) @${width}`));
      if (width === 320) failures.push(await checkReflow(page, 'status report (link preview)'));
      await page.goto(url('/'));
      await page.goto(link.slice(0, -4));
      await page.locator('[data-plan-incoming]').waitFor();
      failures.push(await axeAll(page, `status report (broken link) @${width}`));
      await page.goto(url('/politiske-verksted/statusrapport/'));
      await page.locator('[data-plan-share]').click();
      failures.push(await axeAll(page, `nn status report (share box) @${width}`));
      await page.goto(url('/personvern/'));
      page.once('dialog', (d) => d.accept());
      await page.locator('[data-storage-delete-all]').click();
      await page.locator('[data-storage-status]', { hasText: 'slettet' }).waitFor();
      failures.push(await axeAll(page, `privacy page (deleted) @${width}`));
      failures.push(page.problems().join('\n'));
      await page.context().close();
    }
    collect(failures);
  }],

  ['skip link, visible focus and keyboard order on every page type', async (browser) => {
    const failures = [];
    for (const width of [1280, 320]) {
      /* reduced motion: focus scrolls instantly, so positions can be read at once */
      const page = await newPage(browser, { viewport: { width, height: 800 }, reducedMotion: 'reduce' });
      for (const [name, p] of await pageTypes()) {
        await page.goto(url(p));
        failures.push(await checkSkipLink(page, `${name} @${width}`));
        await page.goto(url(p));
        failures.push(await checkFocus(page, `${name} @${width}`));
      }
      await page.context().close();
    }
    collect(failures);
  }],

  ['prefers-reduced-motion turns off smooth scrolling and transitions', async (browser) => {
    const reduce = await newPage(browser, { reducedMotion: 'reduce' });
    await reduce.goto(url('/planstrategi/'));
    const r = await reduce.evaluate(() => ({
      scroll: getComputedStyle(document.documentElement).scrollBehavior,
      link: parseFloat(getComputedStyle(document.querySelector('main a')).transitionDuration),
    }));
    assertEqual(r.scroll, 'auto', 'no smooth scrolling');
    assert(r.link <= 0.001, `no transition (${r.link}s)`);
    await reduce.context().close();
    const motion = await newPage(browser, { reducedMotion: 'no-preference' });
    await motion.goto(url('/planstrategi/'));
    const m = await motion.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior);
    assertEqual(m, 'smooth', 'smooth scrolling when motion is fine (the query is live)');
    await motion.context().close();
  }],

  ['text stays readable with WCAG 1.4.12 text spacing at 320 px', async (browser) => {
    const page = await newPage(browser, { viewport: { width: 320, height: 720 } });
    const failures = [];
    for (const [name, p] of await pageTypes()) {
      await page.goto(url(p));
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('body, body *')) {
          el.style.setProperty('line-height', '1.5', 'important');
          el.style.setProperty('letter-spacing', '0.12em', 'important');
          el.style.setProperty('word-spacing', '0.16em', 'important');
        }
        for (const el of document.querySelectorAll('p')) {
          el.style.setProperty('margin-bottom', '2em', 'important');
        }
      });
      failures.push(await checkReflow(page, `${name} (text spacing)`));
    }
    collect(failures);
    await page.context().close();
  }],
]);
