// Storage under a base path with non-ASCII letters (issue 25, bug 7): the
// keys made from the page's address (encoded) and from its data attributes
// (decoded) are one key, and «Slett det som er lagret» on the privacy page
// removes every one of them — ticks, dates, the municipality's name, and
// keys an older script stored with the encoded path.
import { run, newPage, url, assert, assertEqual, BASE } from './lib.mjs';

const basePath = decodeURIComponent(new URL(BASE).pathname);
const encodedBase = new URL(BASE).pathname;
assert(basePath !== encodedBase, `the base path has non-ASCII letters: ${basePath}`);

const stored = (page) => page.evaluate(() => {
  const out = {};
  for (let i = 0; i < localStorage.length; i += 1) {
    const k = localStorage.key(i);
    out[k] = localStorage.getItem(k);
  }
  return out;
});

await run('storage under a non-ASCII base path', [
  ['«Slett det som er lagret» removes every key', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/planstrategi/tidsplan/'));
    // What an older script left: the period under the encoded base path.
    await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ constituted: '2027-10-21' })),
      `stegvis:periode:${encodedBase}`);
    const id = await page.locator('main .prose input[data-check-id]').first().getAttribute('data-check-id');
    await page.locator(`label[for="sjekk-${id}"]`).click();
    await page.goto(url('/planstrategi/statusrapport/'));
    await page.getByLabel('Kommunens navn (valgfritt)').fill('Øvre Åsen');
    await page.getByLabel('Kommunens navn (valgfritt)').blur();
    const keys = Object.keys(await stored(page));
    assert(keys.includes(`stegvis:sjekk:${basePath}planstrategi/`), `ticks under the decoded path: ${keys}`);
    assert(keys.includes(`stegvis:periode:${basePath}`), `the old encoded key moved: ${keys}`);
    assert(!keys.includes(`stegvis:periode:${encodedBase}`), `no encoded key left: ${keys}`);
    assert(keys.some((k) => k.startsWith('stegvis:plan:')), `the municipality's name: ${keys}`);
    await page.goto(url('/personvern/'));
    await page.locator('[data-storage-count]', { hasText: 'har lagret' }).waitFor();
    page.once('dialog', (d) => d.accept());
    await page.locator('[data-storage-delete-all]').click();
    await page.locator('[data-storage-status]', { hasText: 'slettet' }).waitFor();
    assertEqual(JSON.stringify(await stored(page)), '{}', 'nothing left');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],
]);
