// dates.js and rules.js against tests/vectors/dates.json and workdays.json
// (the Rust unit tests read the same files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mod, vectors } from './helpers.mjs';

const D = await mod('dates.js');
const R = await mod('rules.js');
const show = (d) => (d ? D.iso(d) : null);

test('date expressions, ISO dates and formats match dates.json', () => {
  const v = vectors('dates');
  let n = 0;
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
    const env = D.resolveDates(cfg, { period: {}, guide: {} });
    g.dates.forEach((d) => {
      assert.equal(show(env[d.name]), d.date, `group ${i}: ${d.name} = ${d.expr}`);
      n += 1;
    });
    g.cases.forEach((c) => {
      assert.equal(show(D.evaluate(c.expr, env)), c.date, `group ${i}: ${JSON.stringify(c.expr)}`);
      n += 1;
    });
  });
  v.iso.forEach((c) => assert.equal(show(D.parseIso(c.text)), c.date, `parseIso ${JSON.stringify(c.text)}`));
  v.formats.forEach((f) => {
    const d = D.parseIso(f.date);
    assert.equal(D.formatDate(d), f.day);
    assert.equal(D.formatAs(d, 'day'), f.day);
    assert.equal(D.formatAs(d, 'month'), f.month);
    assert.equal(D.formatAs(d, 'year'), f.year);
  });
  assert.ok(n > 20, `expression cases compared (${n})`);
});

test('Easter, days off, next working days and rule bounds match workdays.json', () => {
  const v = vectors('workdays');
  v.easter.forEach(([y, date]) => assert.equal(D.iso(D.easterSunday(y)), date, `Easter ${y}`));
  v.days.forEach((c) => {
    const d = D.parseIso(c.date);
    assert.equal(D.dayOff(d), c.off, `day off ${c.date}`);
    assert.equal(D.iso(D.nextWorkingDay(d)), c.next, `next working day from ${c.date}`);
  });
  v.bounds.forEach((c) => {
    const b = R.ruleBound(c.kind, c.span, D.parseIso(c.other));
    const what = `${c.kind} ${c.span || ''} ${c.other}`;
    assert.equal(b.last, c.last, `${what}: last`);
    assert.equal(D.iso(b.date), c.bound, `${what}: careful`);
    assert.equal(D.iso(b.plain), c.plain, `${what}: plain`);
  });
  assert.ok(v.days.length > 50 && v.bounds.length > 5);
});

test('month arithmetic clamps, Norwegian names read, bad input gives null', () => {
  assert.equal(D.iso(D.addMonths(D.parseIso('2024-01-31'), 1)), '2024-02-29');
  assert.equal(D.iso(D.addMonths(D.parseIso('2028-02-29'), 12)), '2029-02-28');
  assert.equal(D.iso(D.addMonths(D.parseIso('2024-01-15'), -13)), '2022-12-15');
  assert.equal(D.parseIso('2023-02-29'), null);
  const env = { constituted: D.parseIso('2023-10-19') };
  assert.equal(D.iso(D.evaluate('konstitueringen + 3m', env)), '2024-01-19');
  assert.equal(D.evaluate('konstitusjon + 3m', env), null);
  assert.equal(D.evaluate('_moved', { _moved: D.parseIso('2024-01-01') }), null);
});

test('the period follows a typed constitution date and plans the meeting on a working day', () => {
  const base = { election: D.parseIso('2023-09-11'), constituted: D.parseIso('2023-10-19'), council_meeting: D.parseIso('2024-09-26') };
  const p = D.computePeriod(base, { constituted: D.parseIso('2027-10-21') });
  assert.equal(D.iso(p.election), '2027-09-13', 'election as far before the constitution as in site.yaml');
  assert.equal(D.iso(p.deadline), '2028-10-21');
  assert.equal(D.dayOff(p.council_meeting), null, 'the planned meeting is a working day');
  assert.equal(D.iso(p.public_notice_by), D.iso(D.addDays(p.council_meeting, -31)));
  assert.equal(D.iso(D.computePeriod(base, {}).council_meeting), '2024-09-26', 'nothing typed: site.yaml');
});

test('rule verdicts: holds, tight between the two readings, broken', () => {
  const c = vectors('workdays').bounds.find((x) => x.bound !== x.plain);
  assert.ok(c, 'a bound where the two readings differ');
  const b = R.ruleBound(c.kind, c.span, D.parseIso(c.other));
  const step = b.last ? 1 : -1;
  assert.equal(R.ruleVerdict(b, b.date), 'holds');
  assert.equal(R.ruleVerdict(b, b.plain), 'tight');
  assert.equal(R.ruleVerdict(b, D.addDays(b.plain, step)), 'broken');
  assert.equal(R.ruleBound('sideways', '1d', D.parseIso(c.other)), null);
});
