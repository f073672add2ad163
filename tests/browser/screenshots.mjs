// Full-page screenshots of every page type at 320 px and 1280 px, plus the
// scripted states (ticked checklist, recomputed timeline), written to
// target/screenshots/ as test artifacts to look at.
import { stat } from 'node:fs/promises';
import { run, newPage, url, pageTypes, assert, screenshotPath } from './lib.mjs';

async function shoot(page, name) {
  const file = screenshotPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  const { size } = await stat(file);
  assert(size > 1000, `${file} written`);
  return file;
}

const tests = [];
for (const width of [320, 1280]) {
  tests.push([`every page type at ${width} px`, async (browser) => {
    const page = await newPage(browser, { viewport: { width, height: width === 320 ? 720 : 900 } });
    const files = [];
    for (const [name, p] of await pageTypes()) {
      await page.goto(url(p));
      files.push(await shoot(page, `${name}-${width}`));
    }
    // scripted states
    await page.goto(url('/planstrategi/tidsplan/'));
    await page.locator('main .prose input[data-check-id]').first().check();
    await page.goto(url('/planstrategi/'));
    files.push(await shoot(page, `veileder-progress-${width}`));
    await page.goto(url('/planstrategi/sjekkliste/'));
    files.push(await shoot(page, `sjekkliste-progress-${width}`));
    await page.goto(url('/planstrategi/tidslinje/'));
    await page.locator('[data-period-input="constituted"]').fill('2031-10-16');
    files.push(await shoot(page, `tidslinje-egne-datoer-${width}`));
    await page.emulateMedia({ media: 'print' });
    await page.goto(url('/planstrategi/tidsplan/'));
    files.push(await shoot(page, `steg-print-${width}`));
    console.log(`    ${files.length} screenshots in ${screenshotPath('')}`);
    await page.context().close();
  }]);
}

await run('screenshots', tests);
