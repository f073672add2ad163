// The timeline recomputes every date from the user's own dates, remembers
// them, and offers an iCalendar file made in the browser (RFC 5545).
import { readFile } from 'node:fs/promises';
import { run, newPage, url, assert, assertEqual, assertMatch } from './lib.mjs';

const TIMELINE = '/planstrategi/tidslinje/';

/* The period in the repository's site.yaml, computed here on its own (not
 * with the script under test), so the tests follow a new period. */
const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli',
  'august', 'september', 'oktober', 'november', 'desember'];
const yaml = await readFile(new URL('../../site.yaml', import.meta.url), 'utf8');
const yamlDate = (key) => {
  const m = new RegExp(`^\\s*${key}:\\s*(\\d{4})-(\\d{2})-(\\d{2})`, 'm').exec(yaml);
  return m && { y: +m[1], m: +m[2], d: +m[3] };
};
const plusYear = (x) => {
  const last = new Date(Date.UTC(x.y + 1, x.m, 0)).getUTCDate();
  return { y: x.y + 1, m: x.m, d: Math.min(x.d, last) };
};
const nb = (x) => `${x.d}. ${MONTHS[x.m - 1]} ${x.y}`;
const compact = (x) => `${x.y}${String(x.m).padStart(2, '0')}${String(x.d).padStart(2, '0')}`;
const SITE = { constituted: yamlDate('constituted'), council_meeting: yamlDate('council_meeting') };
SITE.deadline = plusYear(SITE.constituted);
SITE.council_meeting = SITE.council_meeting || SITE.deadline;
/* Dates a municipality types: the period after site.yaml's, so every date moves. */
const TYPED = '2031-10-16';
const TYPED_MEETING = '2032-06-17';
const CONSTITUTED = 'Når ble kommunestyret konstituert?';
const MEETING = 'Planlagt kommunestyremøte';

const anchor = (page, name) => page.locator(`[data-timeline-period] time[data-anchor="${name}"]`);
const milestone = (page, expr) => page.locator(`li[data-milestone] time[data-expr="${expr}"]`).first();

/* Checks an iCalendar text against the parts of RFC 5545 we rely on. */
function checkIcs(ics) {
  assert(ics.startsWith('BEGIN:VCALENDAR\r\n'), 'starts with BEGIN:VCALENDAR');
  assert(ics.endsWith('END:VCALENDAR\r\n'), 'ends with END:VCALENDAR + CRLF');
  assert(!/[^\r]\n/.test(ics), 'every line ends in CRLF');
  const lines = ics.split('\r\n').slice(0, -1);
  for (const line of lines) {
    assert(Buffer.byteLength(line, 'utf8') <= 75, `line longer than 75 octets: ${line}`);
  }
  const unfolded = ics.replace(/\r\n[ \t]/g, '').split('\r\n').slice(0, -1);
  const events = unfolded.filter((l) => l === 'BEGIN:VEVENT').length;
  assert(events > 0, 'has events');
  for (const name of ['UID:', 'DTSTAMP:', 'DTSTART;VALUE=DATE:', 'DTEND;VALUE=DATE:', 'SUMMARY:']) {
    assertEqual(unfolded.filter((l) => l.startsWith(name)).length, events, `${name} in every event`);
  }
  for (const l of unfolded.filter((x) => x.startsWith('DTSTAMP:'))) {
    assertMatch(l, /^DTSTAMP:\d{8}T\d{6}Z$/, 'DTSTAMP is UTC date-time');
  }
  const uids = unfolded.filter((l) => l.startsWith('UID:'));
  assertEqual(new Set(uids).size, uids.length, 'UIDs are unique');
  for (const l of unfolded.filter((x) => /^(SUMMARY|DESCRIPTION):/.test(x))) {
    const value = l.slice(l.indexOf(':') + 1);
    assert(!/(^|[^\\])[,;]/.test(value.replace(/\\\\/g, '')), `TEXT escaped: ${l}`);
  }
  return unfolded;
}

async function downloadText(page, locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

await run('timeline', [
  ['a typed date that breaks a rule of the law is shown next to the dates, in words', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    const rules = page.locator('[data-rules] li[data-rule]');
    assertEqual(await rules.count(), 2, 'the planstrategi has two rules between dates');
    assertEqual(await page.locator('.date-rule--broken').count(), 0, 'the defaults keep every rule');
    for (const v of await page.locator('[data-rule-verdict]').allInnerTexts()) assertEqual(v, 'Holder:', 'said in words');
    // «senest»: the meeting after the deadline.
    const deadline = plusYear(SITE.constituted);
    const late = `${deadline.y}-${String(deadline.m).padStart(2, '0')}-${String(Math.min(deadline.d + 1, 28)).padStart(2, '0')}`;
    await page.getByLabel(MEETING).fill(late);
    const first = rules.nth(0);
    await page.locator('.date-rule--broken').first().waitFor();
    assertEqual(await first.locator('[data-rule-verdict]').innerText(), 'Brutt:', 'the broken rule says so');
    assertMatch(await first.locator('[data-rule-detail]').innerText(), new RegExp(`^Planlagt kommunestyremøte er .*, men må være senest ${nb(deadline)} når lovfestet frist er ${nb(deadline)}\\.$`), 'both dates named');
    assertEqual((await first.locator('a.date-rule__law').innerText()).split('\n')[0], 'plan- og bygningsloven § 10-1', 'the law');
    assertMatch(await first.locator('a.date-rule__law').getAttribute('href'), /lovdata\.no\/lov\/2008-06-27-71\/§10-1$/, 'linked to Lovdata');
    const meeting = page.getByLabel(MEETING);
    assertEqual(await meeting.getAttribute('aria-invalid'), 'true', 'the meeting field is marked');
    assertMatch(await meeting.getAttribute('aria-describedby'), /sv-dato-mote-hint sv-regel-1/, 'and reads the rule');
    assertMatch(await page.locator('[data-timeline-status]').innerText(), /én regel i loven holder ikke/, 'the status says so');
    // «minst 30 dager før»: 29 days before breaks the rule.
    await page.getByLabel(MEETING).fill('2028-09-21');
    const published = page.getByLabel('Forslaget gjøres offentlig (anbefalt dato)');
    await published.fill('2028-08-23');
    const second = rules.nth(1);
    await page.waitForFunction(() => document.querySelectorAll('.date-rule--broken').length === 1);
    assertEqual(await second.locator('[data-rule-verdict]').innerText(), 'Brutt:', '29 days before');
    assertMatch(await second.locator('[data-rule-detail]').innerText(), /må være senest 21\. august 2028/, 'the last day by the careful reading');
    assertEqual(await first.locator('[data-rule-verdict]').innerText(), 'Holder:', 'the other rule holds again');
    assertEqual(await meeting.getAttribute('aria-invalid'), 'true', 'the meeting is one of the broken rule\'s dates');
    // Exactly 30 days before: the plain reading allows it, the careful one
    // (30 whole days between) does not: «Knapt», a warning, not an error.
    await published.fill('2028-08-22');
    await page.waitForFunction(() => document.querySelectorAll('.date-rule--tight').length === 1);
    assertEqual(await second.locator('[data-rule-verdict]').innerText(), 'Knapt:', 'too close to call');
    assertMatch(await second.locator('[data-rule-detail]').innerText(), /vanlige lesemåten av loven \(senest 22\. august 2028\), men ikke med veilederens forsiktige regnemåte \(senest 21\. august 2028\)/, 'both readings in words');
    assertEqual(await published.getAttribute('aria-invalid'), null, 'a tight rule does not mark the field invalid');
    assertMatch(await published.getAttribute('aria-describedby'), /sv-regel-2/, 'but the field reads it');
    assertMatch(await page.locator('[data-timeline-status]').innerText(), /Én regel holder bare knapt/, 'the status says so');
    await published.fill('2028-08-21');
    await page.waitForFunction(() => document.querySelectorAll('.date-rule--broken, .date-rule--tight').length === 0);
    assertEqual(await meeting.getAttribute('aria-invalid'), null, 'no longer marked');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['a samfunnsdel adopted before the six-week høyring has run is a broken rule, on the timeline and the status report', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/samfunnsdel/tidslinje/'));
    const rules = page.locator('[data-rules] li[data-rule]');
    assertEqual(await rules.count(), 2, 'two rules: § 11-13 and § 11-14');
    // Høyring Monday 3 September 2029: six weeks end Monday 15 October,
    // so the council can adopt from Tuesday 16 October.
    await page.locator('[data-guide-date-input="hoyring"]').fill('2029-09-03');
    await page.locator('[data-guide-date-input="vedtak"]').fill('2029-10-15');
    await page.locator('.date-rule--broken').first().waitFor();
    const rule = page.locator('.date-rule--broken');
    assertEqual(await rule.count(), 1, 'one broken rule');
    assertEqual(await rule.locator('[data-rule-verdict]').innerText(), 'Broten:', 'nynorsk, in words');
    assertMatch(await rule.locator('[data-rule-detail]').innerText(), /men må vere tidlegast 16\. oktober 2029/, 'the first legal day');
    assertEqual((await rule.locator('a.date-rule__law').innerText()).split('\n')[0], 'plan- og bygningslova § 11-14', 'the law, in nynorsk');
    await page.goto(url('/samfunnsdel/statusrapport/'));
    await page.locator('.date-rule--broken').first().waitFor();
    assertMatch(await page.locator('.date-rule--broken [data-rule-detail]').innerText(), /tidlegast 16\. oktober 2029/, 'the status report shows it too');
    await page.goto(url('/samfunnsdel/tidslinje/'));
    await page.locator('[data-guide-date-input="vedtak"]').fill('2029-10-16');
    await page.waitForFunction(() => document.querySelectorAll('.date-rule--broken').length === 0);
    assertEqual(await page.locator('[data-rule-verdict]').first().innerText(), 'Held:', 'kept from the first legal day');
    await page.context().close();
  }],

  ['a default date on a day off moves to the next working day and says so', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url('/samfunnsdel/tidslinje/'));
    // Typed: oppstart + 3m lands on Sunday 15 April 2029.
    await page.locator('[data-guide-date-input="oppstart"]').fill('2029-01-15');
    const note = page.locator('[data-moved-note="planprogram_fastsett"]');
    await note.waitFor();
    assertEqual(await page.locator('[data-timeline-period] time[data-expr="planprogram_fastsett"]').innerText(), '16. april 2029', 'Monday');
    assertMatch(await note.innerText(), /frå sundag 15\. april 2029/, "says from which day and why, in nynorsk");
    await page.context().close();
  }],

  ['without typed dates the page shows site.yaml\'s dates and the static calendar', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    assertEqual(await anchor(page, 'deadline').innerText(), nb(SITE.deadline), 'deadline');
    assertEqual(await anchor(page, 'council_meeting').innerText(), nb(SITE.council_meeting), 'meeting');
    const link = page.getByRole('link', { name: 'Last ned i kalenderen' });
    assert(await link.isVisible(), 'static calendar link');
    assertEqual(await link.getAttribute('href'), '/planstrategi/tidslinje/kalender.ics', 'static href');
    assert(!(await page.locator('[data-calendar-custom]').isVisible()), 'no custom calendar yet');
    const res = await page.request.get(url('/planstrategi/tidslinje/kalender.ics'));
    assertEqual(res.status(), 200, 'kalender.ics served');
    const lines = checkIcs(await res.text());
    assert(lines.includes(`DTSTART;VALUE=DATE:${compact(SITE.deadline)}`), 'static deadline in the .ics');
    assert(await page.locator('.period__law').isVisible(), '§ link on the deadline in the period box');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['a typed constitution date recomputes every date', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    const before = await page.locator('main time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    const lawLinks = await page.locator('.milestone--deadline a.milestone__law').count();
    await page.getByLabel(CONSTITUTED).fill(TYPED);
    assertEqual(await anchor(page, 'deadline').innerText(), '16. oktober 2032', 'deadline = constituted + 1 year');
    assertEqual(await anchor(page, 'deadline').getAttribute('datetime'), '2032-10-16', 'datetime attribute');
    assertEqual(await anchor(page, 'constituted').innerText(), '16. oktober 2031', 'constituted');
    // No meeting typed: four weeks before the deadline (Saturday 18
    // September 2032), moved to the next working day — never the deadline.
    assertEqual(await anchor(page, 'council_meeting').innerText(), '20. september 2032', 'meeting defaults to a working day before the deadline');
    assertEqual(await milestone(page, 'council_meeting - 31d').innerText(), '20. august 2032', 'last day to publish: 30 whole days before the meeting');
    assertEqual(await milestone(page, 'deadline').innerText(), '16. oktober 2032', 'deadline milestone');
    assertEqual(await page.locator('li.phase time[data-expr="constituted + 2m"]').first().innerText(), '16. desember 2031', 'phase end = constituted + 2m');
    assertEqual(await page.locator('[data-period-name]').innerText(), '2031–2035', 'period name follows');
    const after = await page.locator('main time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    assertEqual(after.length, before.length, 'same number of dates');
    const unmoved = after.filter((d, i) => d === before[i]);
    assertEqual(unmoved.length, 0, `every date moved: ${unmoved}`);
    const texts = await page.locator('main time').allInnerTexts();
    assert(texts.every((t) => /^\d{1,2}\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember) \d{4}$/.test(t)), `formatted: ${texts}`);
    assertEqual(await page.locator('.milestone--deadline a.milestone__law').count(), lawLinks, '§ links stay');
    assert(await page.locator('.milestone--deadline a.milestone__law').first().isVisible(), '§ link visible');
    assertMatch(await page.locator('[data-timeline-status]').innerText(), /Lovfestet frist: 16\. oktober 2032/, 'status message');
    assertEqual(await page.locator('[data-timeline-status]').getAttribute('role'), 'status', 'status is a live region');
    await page.context().close();
  }],

  ['the calendar made in the browser has the new dates', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    await page.getByLabel(CONSTITUTED).fill(TYPED);
    const custom = page.getByRole('link', { name: 'Last ned kalender med deres datoer' });
    assert(await custom.isVisible(), 'custom calendar link shown');
    assertMatch(await custom.getAttribute('href'), /^blob:/, 'blob URL');
    const { name, text } = await downloadText(page, custom);
    assertMatch(name, /\.ics$/, 'file name');
    const lines = checkIcs(text);
    assert(lines.includes('DTSTART;VALUE=DATE:20321016'), 'deadline DTSTART');
    assert(lines.includes('DTEND;VALUE=DATE:20321017'), 'all-day DTEND');
    assert(lines.includes('DTSTART;VALUE=DATE:20320820'), 'public notice DTSTART');
    assert(lines.includes('DTSTART;VALUE=DATE:20311016'), 'constituted DTSTART');
    assert(!lines.some((l) => l.startsWith(`DTSTART;VALUE=DATE:${SITE.constituted.y}`)), 'no site.yaml dates left');
    assert(lines.some((l) => l.startsWith('DESCRIPTION:Lovfestet frist: plan- og bygningsloven § 10-1 (https://lovdata.no/')), 'legal reference in the description');
    assert(lines.includes('X-WR-CALNAME:Kommunal planstrategi'), 'calendar name');
    // a second change makes a fresh file
    await page.getByLabel(MEETING).fill(TYPED_MEETING);
    const second = await downloadText(page, custom);
    const l2 = checkIcs(second.text);
    assert(l2.includes('DTSTART;VALUE=DATE:20320617'), 'meeting DTSTART');
    assert(l2.includes('DTSTART;VALUE=DATE:20320517'), 'public notice follows the meeting (30 whole days before)');
    await page.context().close();
  }],

  ['typed dates are remembered, and can be cleared', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    await page.getByLabel(CONSTITUTED).fill(TYPED);
    await page.getByLabel(MEETING).fill(TYPED_MEETING);
    await page.reload();
    assertEqual(await page.getByLabel(CONSTITUTED).inputValue(), TYPED, 'constituted restored');
    assertEqual(await page.getByLabel(MEETING).inputValue(), TYPED_MEETING, 'meeting restored');
    assertEqual(await anchor(page, 'council_meeting').innerText(), '17. juni 2032', 'meeting shown');
    assertEqual(await milestone(page, 'council_meeting - 31d').innerText(), '17. mai 2032', 'public notice: 30 whole days before');
    assert(await page.locator('[data-timeline-note]').isVisible(), 'note says these are the user\'s dates');
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('stegvis:periode:/')));
    assertEqual(stored.constituted, TYPED, 'stored');
    // the same dates on the other guide's timeline (nynorsk)
    await page.goto(url('/politiske-verksted/tidslinje/'));
    assertEqual(await page.getByLabel('Når vart kommunestyret konstituert?').inputValue(), TYPED, 'shared across guides');
    assertEqual(await anchor(page, 'deadline').innerText(), '16. oktober 2032', 'nn deadline');
    assert(await page.getByRole('link', { name: 'Last ned kalender med datoane dykkar' }).isVisible(), 'nn custom link');
    await page.getByRole('button', { name: 'Bruk datoane frå rettleiaren' }).click();
    assertEqual(await anchor(page, 'deadline').innerText(), nb(SITE.deadline), 'back to site.yaml');
    assertEqual(await page.evaluate(() => localStorage.getItem('stegvis:periode:/')), null, 'storage cleared');
    assert(!(await page.locator('[data-calendar-custom]').isVisible()), 'custom calendar gone');
    assertEqual(await page.evaluate(() => document.activeElement.id), 'sv-dato-konstituert', 'focus back on the first field');
    await page.context().close();
  }],

  ['step pages show the typed dates too, and say so', async (browser) => {
    const page = await newPage(browser);
    const STEP = '/planstrategi/arbeidsgruppe/';  // when: constituted … constituted + 1m
    const when = page.locator('.step-when time');
    const note = page.locator('[data-step-when-note]');
    await page.goto(url(STEP));
    const siteWhen = (await when.allInnerTexts()).join(' – ');
    assert(siteWhen.startsWith(nb(SITE.constituted)), `site.yaml dates: ${siteWhen}`);
    assert(!(await note.isVisible()), 'no note without typed dates');
    await page.goto(url(TIMELINE));
    await page.getByLabel(CONSTITUTED).fill(TYPED);
    await page.goto(url(STEP));
    assertEqual((await when.allInnerTexts()).join(' – '), '16. oktober 2031 – 16. november 2031', 'typed dates');
    assertEqual(await when.first().getAttribute('datetime'), TYPED, 'datetime follows');
    assert(await note.isVisible(), 'the note says where the dates come from');
    assertMatch(await note.innerText(), /datoene dere la inn på tidslinjen/, 'note text');
    // Dates in the text follow too: step 3's table counts from the constitution.
    await page.goto(url('/planstrategi/tidsplan/'));
    const months = await page.locator('.prose td time[data-expr="constituted"]').allInnerTexts();
    assert(months.length > 0 && months.every((t) => t === 'oktober 2031'), `month dates in the table: ${months}`);
    const deadline = await page.locator('.prose time[data-expr="deadline"]').first().innerText();
    assertEqual(deadline, '16. oktober 2032', 'a full date in the text');
    await page.goto(url(TIMELINE));
    await page.getByRole('button', { name: 'Bruk datoene fra veilederen' }).click();
    await page.goto(url(STEP));
    assertEqual((await when.allInnerTexts()).join(' – '), siteWhen, 'back to site.yaml dates');
    assert(!(await note.isVisible()), 'note gone after reset');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['a guide\'s own dates: asked for on its timeline, followed by its steps', async (browser) => {
    const page = await newPage(browser);
    const GUIDE_TIMELINE = '/samfunnsdel/tidslinje/';
    const STEP = '/samfunnsdel/varsel-og-hoyring/';  // when: oppstart … oppstart + 6w
    await page.goto(url(GUIDE_TIMELINE));
    const names = await page.locator('[data-guide-date-input]').evaluateAll((els) => els.map((e) => e.getAttribute('data-guide-date-input')));
    assertEqual(names.join(' '), 'oppstart planprogram_fastsett hoyring vedtak', 'one field per guide date, in order');
    const field = page.getByLabel('Varsel om oppstart – planprogrammet på høyring');
    await field.fill('2029-01-15');
    assertEqual(await page.locator('[data-timeline-period] time[data-expr="oppstart"]').innerText(), '15. januar 2029', 'the typed date');
    assertEqual(await milestone(page, 'oppstart + 6w').innerText(), '26. februar 2029', 'counts from the typed date');
    // A date defined from it follows: planprogram_fastsett = oppstart + 3m.
    assertEqual(await page.locator('[data-timeline-period] time[data-expr="planprogram_fastsett"]').innerText(), '16. april 2029', 'dependent default follows (oppstart + 3m is Sunday 15 April: the next working day)');
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('stegvis:datoer:/samfunnsdel/')));
    assertEqual(stored.oppstart, '2029-01-15', 'kept per guide');
    assertEqual(await page.evaluate(() => localStorage.getItem('stegvis:periode:/')), null, 'the period is not touched');
    await page.goto(url(STEP));
    assertEqual((await page.locator('.step-when time').allInnerTexts()).join(' – '), '15. januar 2029 – 26. februar 2029', 'the step follows');
    // The planstrategi guide has only its own date and is not affected.
    await page.goto(url(TIMELINE));
    assertEqual(await page.locator('[data-guide-date-input]').evaluateAll((els) => els.map((e) => e.getAttribute('data-guide-date-input')).join(' ')), 'offentlig', 'the planstrategi timeline asks for its own date only');
    assertEqual(await anchor(page, 'deadline').innerText(), nb(SITE.deadline), 'planstrategi dates unchanged');
    await page.goto(url(GUIDE_TIMELINE));
    assertEqual(await field.inputValue(), '2029-01-15', 'restored');
    await page.getByRole('button', { name: 'Bruk datoane frå rettleiaren' }).click();
    assertEqual(await page.evaluate(() => localStorage.getItem('stegvis:datoer:/samfunnsdel/')), null, 'cleared');
    assertEqual(page.problems().length, 0, `no console errors: ${page.problems()}`);
    await page.context().close();
  }],

  ['a meeting after the deadline is flagged; leap days clamp', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    await page.getByLabel(CONSTITUTED).fill('2028-02-29');
    assertEqual(await anchor(page, 'deadline').innerText(), '28. februar 2029', '29 Feb + 1 year = 28 Feb');
    await page.getByLabel(MEETING).fill('2029-03-15');
    assertMatch(await page.locator('[data-timeline-status]').innerText(), /én regel i loven holder ikke/, 'warning');
    await page.getByRole('button', { name: 'Regn ut datoene' }).click();
    assertMatch(await page.locator('[data-timeline-status]').innerText(), /én regel i loven holder ikke/, 'submit keeps the warning');
    assertMatch(await page.locator('.date-rule--broken [data-rule-detail]').innerText(), /senest 28\. februar 2029/, 'the rule names the last day');
    await page.context().close();
  }],

  ['date arithmetic and iCalendar helpers', async (browser) => {
    const page = await newPage(browser);
    await page.goto(url(TIMELINE));
    const r = await page.evaluate(() => {
      const D = window.stegvis.dates;
      const p = D.period({
        election: D.parseIso('2023-09-11'),
        constituted: D.parseIso('2023-10-19'),
        council_meeting: D.parseIso('2024-09-26'),
      }, {});
      const e = (x) => D.iso(D.evaluate(x, p));
      const long = 'Første verkstad med heile kommunestyret, før møtet; ' + 'æøå'.repeat(30);
      const ics = window.stegvis.ics.build('Namn, med komma', [{
        uid: 'x@y', date: D.parseIso('2024-01-31'), summary: long, description: 'a\nb', url: '',
      }], new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
      return {
        constituted: e('constituted'),
        plus3m: e('constituted + 3m'),
        notice: e('council_meeting - 30d'),
        notice2: e('council_meeting-30d'),
        weeks: e('election + 2w'),
        deadline: e('deadline'),
        year: e('constituted + 1y'),
        monthEnd: D.iso(D.addMonths(D.parseIso('2024-01-31'), 1)),
        monthEnd2: D.iso(D.addMonths(D.parseIso('2023-03-31'), -1)),
        back: D.iso(D.addMonths(D.parseIso('2024-01-15'), -13)),
        format: D.format(D.parseIso('2024-10-01')),
        bad: D.evaluate('konstitusjon + 3m', p),
        badDate: D.parseIso('2023-02-29'),
        ics,
        long,
      };
    });
    assertEqual(r.constituted, '2023-10-19', 'constituted');
    assertEqual(r.plus3m, '2024-01-19', '+3m');
    assertEqual(r.notice, '2024-08-27', '-30d');
    assertEqual(r.notice2, '2024-08-27', 'no spaces');
    assertEqual(r.weeks, '2023-09-25', '+2w');
    assertEqual(r.deadline, '2024-10-19', 'deadline');
    assertEqual(r.year, '2024-10-19', '+1y');
    assertEqual(r.monthEnd, '2024-02-29', '31 Jan + 1m clamps');
    assertEqual(r.monthEnd2, '2023-02-28', '31 Mar - 1m clamps');
    assertEqual(r.back, '2022-12-15', '-13m');
    assertEqual(r.format, '1. oktober 2024', 'format');
    assertEqual(r.bad, null, 'unknown anchor');
    assertEqual(r.badDate, null, 'invalid date');
    const lines = checkIcs(r.ics);
    assert(lines.includes('X-WR-CALNAME:Namn\\, med komma'), 'escaped name');
    assert(lines.includes(`SUMMARY:${r.long.replace(/,/g, '\\,').replace(/;/g, '\\;')}`), 'folded summary unfolds to the original');
    assert(lines.includes('DESCRIPTION:a\\nb'), 'newline escaped');
    assert(lines.includes('DTSTAMP:20240102T030405Z'), 'DTSTAMP');
    assert(lines.includes('DTEND;VALUE=DATE:20240201'), 'DTEND next day across a month');
    await page.context().close();
  }],

  ['without JavaScript: site.yaml dates, static calendar, no form', async (browser) => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(url(TIMELINE));
    assertEqual(await anchor(page, 'deadline').innerText(), nb(SITE.deadline), 'deadline');
    assert(await page.getByRole('link', { name: 'Last ned i kalenderen' }).isVisible(), 'static link');
    assert(!(await page.locator('[data-timeline-form-section]').isVisible()), 'form hidden');
    assert(!(await page.locator('[data-calendar-custom]').isVisible()), 'no custom link');
    await page.context().close();
  }],
]);
