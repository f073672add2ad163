// The site's own Content-Security-Policy (the <meta> tag every page carries;
// tests/browser.rs serves this site with no CSP header, so the tag is the
// only policy) holds while the site is used: every page loads, a checklist
// is ticked, the timeline recomputes its dates, the search runs (Pagefind:
// WebAssembly and its worker) — with zero `securitypolicyviolation` events
// and no console errors. A deliberate inline script shows the listener
// does catch violations.
//
// Usage: node csp.mjs <base-url>
import { run, newPage, url, crawl, assert, assertEqual } from './lib.mjs';

/* A page that records every CSP violation, on every document it loads. */
async function watchedPage(browser) {
  const page = await newPage(browser);
  const violations = [];
  await page.exposeFunction('__stegvisCspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__stegvisCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} on ${location.pathname}`,
      );
    });
  });
  page.violations = () => violations.slice();
  return page;
}

async function policyOf(page) {
  return page.locator('head meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
}

function clean(page, what) {
  assertEqual(page.violations().length, 0, `${what}: CSP violations ${JSON.stringify(page.violations())}`);
  assertEqual(page.problems().length, 0, `${what}: console errors ${JSON.stringify(page.problems())}`);
}

await run('csp', [
  ['the listener catches a violation (an inline script)', async (browser) => {
    const page = await watchedPage(browser);
    await page.goto(url('/'));
    await page.addScriptTag({ content: 'window.inlineRan = true;' }).catch(() => {});
    await page.waitForFunction(() => true);
    await page.waitForTimeout(200);
    assert(!(await page.evaluate(() => window.inlineRan === true)), 'the inline script was blocked');
    assert(page.violations().some((v) => /^script-src/.test(v)), `recorded: ${page.violations()}`);
    await page.context().close();
  }],

  ['every page carries the policy and loads without violations', async (browser) => {
    const pages = await crawl();
    assert(pages.length >= 20, `crawled ${pages.length} pages`);
    const page = await watchedPage(browser);
    for (const p of pages) {
      await page.goto(url(p), { waitUntil: 'load' });
      const policy = await policyOf(page);
      assert(policy && policy.includes("default-src 'self'") && policy.includes("object-src 'none'"), `${p}: policy ${policy}`);
      assert(policy.includes("script-src 'self' 'wasm-unsafe-eval'"), `${p}: script-src ${policy}`);
      assert(policy.includes("base-uri 'self'") && policy.includes("form-action 'self'"), `${p}: ${policy}`);
    }
    clean(page, `${pages.length} pages`);
    await page.context().close();
  }],

  ['ticking a checklist item', async (browser) => {
    const page = await watchedPage(browser);
    await page.goto(url('/planstrategi/tidsplan/'));
    const box = page.locator('main .prose input[type=checkbox][data-check-id]').first();
    const id = await box.getAttribute('data-check-id');
    await page.locator(`label[for="sjekk-${id}"]`).click();
    assert(await box.isChecked(), 'ticked');
    await page.goto(url('/planstrategi/sjekkliste/'));
    assert(await page.locator(`#sjekk-${id}`).isChecked(), 'ticked on the checklist page');
    await page.goto(url('/planstrategi/'));
    clean(page, 'checklist');
    await page.context().close();
  }],

  ['computing a timeline', async (browser) => {
    const page = await watchedPage(browser);
    await page.goto(url('/planstrategi/tidslinje/'));
    await page.getByLabel('Når ble kommunestyret konstituert?').fill('2027-10-21');
    const deadline = page.locator('[data-timeline-period] time[data-anchor="deadline"]');
    assertEqual(await deadline.innerText(), '21. oktober 2028', 'recomputed');
    clean(page, 'timeline');
    await page.context().close();
  }],

  ['running a search (WebAssembly and worker)', async (browser) => {
    const page = await watchedPage(browser);
    await page.goto(url('/sok/?q=planstrategi'));
    await page.waitForFunction(
      () => document.querySelectorAll('#sv-soketreff > li').length > 0,
      null,
      { timeout: 20000 },
    );
    const hits = await page.locator('#sv-soketreff > li').count();
    assert(hits > 0, 'results shown');
    // A second query typed into the search page's field.
    await page.locator('form[data-search] input[type="search"]').fill('kommunestyret');
    await page.waitForFunction(() => /kommunestyret/.test(document.getElementById('sv-sokestatus').textContent), null, { timeout: 20000 });
    clean(page, 'search');
    await page.context().close();
  }],
]);
