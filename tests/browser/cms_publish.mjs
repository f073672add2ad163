// The form in a published site (issue #23): the folder `stegvis build
// --cms` wrote, served with the form's policy as a header
// (tests/cms_publish.rs). Opens /admin/ and waits for Decap's login screen
// for the Git host (a button naming GitHub), with no CSP violation, no
// console error and no missing file. Nothing logs in: GitHub is not
// reachable from the tests, and the page must not need it to start.
//
// Usage: node cms_publish.mjs <url of the built folder>
import { run, newPage, url, assertEqual } from './lib.mjs';

async function waitFor(page, fn, arg, what, timeout = 30000) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 50 });
  } catch {
    throw new Error(`timed out waiting for ${what}`);
  }
}

await run('the published editing form (stegvis build --cms)', [
  ['/admin/ shows the login for GitHub under its own policy', async (browser) => {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    const missing = [];
    page.on('response', (r) => {
      if (r.status() >= 400) {
        missing.push(`${r.status()} ${r.url()}`);
      }
    });
    const outside = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(url('/')) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) {
        outside.push(r.url());
      }
    });
    await page.goto(url('/admin/'));
    const login = page.getByRole('button', { name: /GitHub/ });
    await login.waitFor({ timeout: 30000 });
    await waitFor(page, () => document.title.length > 0, null, 'the title');
    // Give the script a moment to report anything it would still load.
    await page.waitForTimeout(1000);
    assertEqual(missing.length, 0, `every file the form asked for was there: ${missing.join('; ')}`);
    const csp = await page.evaluate(() => window.__csp);
    assertEqual(csp.length, 0, `no CSP violations: ${csp.join('; ')}`);
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems().join('; ')}`);
    assertEqual(outside.length, 0, `nothing fetched outside the site before logging in: ${outside.join('; ')}`);
  }],
]);
