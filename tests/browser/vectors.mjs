// The shared vectors in tests/vectors/ (date expressions, month clamping,
// date formatting, iCalendar escaping and folding, slugs) through the
// functions the theme's browser modules (themes/default/static/js/) re-implement, in the browser; the Rust unit tests
// read the same files. And the calendar the browser makes for site.yaml's
// own dates equals the built kalender.ics but for DTSTAMP.
import { readFile } from 'node:fs/promises';
import { run, newPage, url, assert, assertEqual } from './lib.mjs';

const vectors = async (name) =>
  JSON.parse(await readFile(new URL(`../vectors/${name}.json`, import.meta.url), 'utf8'));
const DATES = await vectors('dates');
const ICS = await vectors('ics');
const SLUGS = await vectors('slugs');
const WORKDAYS = await vectors('workdays');
const TIMELINE = '/planstrategi/tidslinje/';

/* Compares `[label, expected, actual]` rows, reporting every mismatch at once. */
function expectAll(rows, what) {
  assert(rows.length > 0, `${what}: no cases`);
  const wrong = rows.filter(([, want, got]) => want !== got)
    .map(([label, want, got]) => `  ${label}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  assert(wrong.length === 0, `${what}: ${wrong.length} of ${rows.length} differ\n${wrong.join('\n')}`);
  return rows.length;
}

/* Lines of an iCalendar text, unfolded, without the trailing empty one. */
const unfold = (ics) => ics.replace(/\r\n[ \t]/g, '').split('\r\n').slice(0, -1);

await run('shared vectors', [
  ['Easter, public holidays and the next working day match workdays.json', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/'));
    const rows = await page.evaluate((v) => {
      const D = window.stegvis.dates;
      const out = [];
      v.easter.forEach(([y, date]) => out.push([`Easter ${y}`, date, D.iso(D.easterSunday(y))]));
      v.days.forEach((c) => {
        const d = D.parseIso(c.date);
        out.push([`day off ${c.date}`, c.off, D.dayOff(d)]);
        out.push([`next working day from ${c.date}`, c.next, D.iso(D.nextWorkingDay(d))]);
      });
      v.bounds.forEach((c) => {
        const b = D.ruleBound(c.kind, c.span, D.parseIso(c.other));
        const what = `${c.kind} ${c.span || ''} ${c.other}`;
        out.push([`${what}: last`, c.last, b.last]);
        out.push([`${what}: careful`, c.bound, D.iso(b.date)]);
        out.push([`${what}: plain`, c.plain, D.iso(b.plain)]);
      });
      return out;
    }, WORKDAYS);
    const n = expectAll(rows, 'workdays.json');
    assert(n > 180, `all cases compared (${n})`);
    await page.context().close();
  }],

  ['date expressions, month clamping, ISO dates and formats match dates.json', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/'));
    const rows = await page.evaluate((v) => {
      const D = window.stegvis.dates;
      const out = [];
      const show = (d) => (d ? D.iso(d) : null);
      v.expressions.forEach((g, i) => {
        const p = g.period;
        const cfg = {
          base: {
            election: D.parseIso(p.election),
            constituted: D.parseIso(p.constituted),
            council_meeting: p.council_meeting ? D.parseIso(p.council_meeting) : null,
          },
          dates: g.dates.map((d) => ({ name: d.name, expr: d.expr })),
        };
        /* As on a page: nothing typed, every guide date from its default. */
        const env = D.resolve(cfg, { period: {}, guide: {} });
        g.dates.forEach((d) => out.push([`group ${i}: ${d.name} = ${d.expr}`, d.date, show(env[d.name])]));
        g.cases.forEach((c) => out.push([`group ${i}: ${JSON.stringify(c.expr)}`, c.date, show(D.evaluate(c.expr, env))]));
      });
      v.iso.forEach((c) => out.push([`parseIso ${JSON.stringify(c.text)}`, c.date, show(D.parseIso(c.text))]));
      v.formats.forEach((f) => {
        const d = D.parseIso(f.date);
        out.push([`day ${f.date}`, f.day, D.format(d)]);
        out.push([`day (formatAs) ${f.date}`, f.day, D.formatAs(d, 'day')]);
        out.push([`month ${f.date}`, f.month, D.formatAs(d, 'month')]);
        out.push([`year ${f.date}`, f.year, D.formatAs(d, 'year')]);
      });
      return out;
    }, DATES);
    const n = expectAll(rows, 'dates.json');
    assert(n >= 100, `only ${n} date rows`);
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['iCalendar escaping and folding match ics.json', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/'));
    /* The home page does not load the calendar module; the page imports
       it as the timeline would (under the site's CSP). */
    const rows = await page.evaluate(async ([src, v]) => {
      const m = await import(src);
      const I = { escape: m.icsEscape, fold: m.icsFold };
      return v.escape.map((c) => [`escape ${JSON.stringify(c.text)}`, c.escaped, I.escape(c.text)])
        .concat(v.fold.map((c) => [`fold ${JSON.stringify(c.line)}`, c.folded, I.fold(c.line)]));
    }, [url('/js/ics.js'), ICS]);
    expectAll(rows, 'ics.json');
    await page.context().close();
  }],

  ['slugs of milestone titles match slugs.json', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/'));
    /* slug.js is imported in the page, as the calendar code imports it. */
    const res = await page.request.get(url('/js/slug.js'));
    assertEqual(res.status(), 200, 'js/slug.js served');
    assertEqual(SLUGS.differences.length, 0, 'no slug differs between Rust and the script');
    const texts = SLUGS.slugs.map((c) => c.text).concat(SLUGS.differences.map((c) => c.text));
    const got = await page.evaluate(async ([src, t]) => {
      const { slugify } = await import(src);
      return t.map((x) => slugify(x));
    }, [url('/js/slug.js'), texts]);
    const want = SLUGS.slugs.map((c) => c.slug).concat(SLUGS.differences.map((c) => c.js));
    expectAll(texts.map((t, i) => [JSON.stringify(t), want[i], got[i]]), 'slugs.json');
    await page.context().close();
  }],

  ['the browser\'s calendar for site.yaml\'s dates is kalender.ics but for DTSTAMP', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    /* Type the period's own dates, so the browser makes its calendar. */
    const period = JSON.parse(await page.locator('main[data-dates]').getAttribute('data-dates'));
    await page.getByLabel('Når ble kommunestyret konstituert?').fill(period.constituted);
    if (period.council_meeting) {
      await page.getByLabel('Planlagt kommunestyremøte').fill(period.council_meeting);
    }
    const custom = page.getByRole('link', { name: 'Last ned kalender med deres datoer' });
    assert(await custom.isVisible(), 'custom calendar link shown');
    const [download] = await Promise.all([page.waitForEvent('download'), custom.click()]);
    const made = await readFile(await download.path(), 'utf8');
    const built = await (await page.request.get(url(`${TIMELINE}kalender.ics`))).text();
    const strip = (ics) => unfold(ics).filter((l) => !l.startsWith('DTSTAMP:'));
    const a = strip(made);
    const b = strip(built);
    assert(b.filter((l) => l.startsWith('UID:')).length >= 3, `kalender.ics has events: ${b.length} lines`);
    expectAll(b.map((l, i) => [`line ${i + 1}`, l, a[i]]).concat([['lines', b.length, a.length]]),
      'browser calendar vs kalender.ics');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],
]);
