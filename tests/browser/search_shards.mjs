// Search over an index in several shards (the preview server splits a big
// site's index; search.js merges the shards listed in
// pagefind/stegvis-deler.json). For each `word=href` in
// STEGVIS_SEARCH_EXPECT (comma-separated), searching for the word must list
// the page at href, whichever shard holds it, with no console errors.
//
// Usage: STEGVIS_SEARCH_EXPECT='ord=/a/s-3/,...' node search_shards.mjs <base-url>
import { run, newPage, url, assert, assertEqual } from './lib.mjs';

const expected = (process.env.STEGVIS_SEARCH_EXPECT || '')
  .split(',')
  .filter(Boolean)
  .map((pair) => pair.split('='));
assert(expected.length > 0, 'STEGVIS_SEARCH_EXPECT lists word=href pairs');

await run('search_shards', [
  ['every word is found in its shard', async (browser) => {
    const page = await newPage(browser);
    const shards = [];
    page.on('response', (res) => {
      const m = res.url().match(/\/pagefind\/(del-\d+\/)?pagefind\.[^/]*\.pf_meta$/);
      if (m) {
        shards.push(m[1] || '');
      }
    });
    for (const [word, href] of expected) {
      const started = Date.now();
      await page.goto(url(`/sok/?q=${encodeURIComponent(word)}`));
      await page.waitForFunction(
        (query) => {
          const s = document.getElementById('sv-sokestatus').textContent;
          return s.includes(`«${query}»`) || /kunne ikk/.test(s);
        },
        word,
        { timeout: 60000 },
      );
      const hrefs = await page.locator('#sv-soketreff > li a').evaluateAll(
        (as) => as.map((a) => a.getAttribute('href')));
      console.log(`# «${word}»: ${hrefs.length} hit(s) in ${Date.now() - started} ms`);
      assertEqual(JSON.stringify(hrefs), JSON.stringify([href]), `«${word}» finds only ${href}`);
    }
    assert(shards.length > 1, `the metadata of more than one shard was loaded: ${shards}`);
    assertEqual(page.problems().length, 0, `no console errors or CSP violations: ${page.problems()}`);
    await page.context().close();
  }],
]);
