// The project plan without a page: states (state.js), the share link
// (share.js: `#del=1.<meta>.<ticks>.<crc>`), the JSON file and the CSV
// (plan.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore, mod } from './helpers.mjs';

const St = await mod('state.js');
const Sh = await mod('share.js');
const P = await mod('plan.js');
const S = await mod('storage.js');
const D = await mod('dates.js');
const { TEXT } = await mod('text.js');

const GUIDE = {
  url: '/planstrategi/',
  title: 'Planstrategi',
  steps: [
    { url: '/planstrategi/a/', number: '1', title: 'Oppstart', kind: 'lovkrav', startExpr: 'constituted', endExpr: 'constituted + 1m',
      items: [{ id: 'a1b2c3d4', was: '0a0b0c0d', preset: false, text: 'Første punkt' },
        { id: 'b1b2b3b4', was: '', preset: true, text: '=SUM(A1)' }] },
    { url: '/planstrategi/b/', number: '2', title: 'Vedtak; «endelig»', kind: 'rad', startExpr: null, endExpr: null,
      items: [{ id: 'c1c2c3c4', was: '', preset: false, text: 'Tredje' }] },
  ],
};
const NAMES = ['oppstart'];

function sample() {
  const s = St.emptyState();
  s.municipality = 'Sør-Fron';
  s.period.constituted = '2027-10-21';
  s.dates.oppstart = '2028-01-10';
  s.ticks = { '/planstrategi/a/': { a1b2c3d4: true, b1b2b3b4: false }, '/planstrategi/b/': {} };
  return s;
}

test('crc32 is the standard CRC-32', () => {
  assert.equal(Sh.crc32('123456789'), 'cbf43926');
  assert.equal(Sh.crc32(''), '00000000');
});

test('base64url round-trips and refuses anything else', () => {
  const bytes = Uint8Array.from([0, 250, 251, 252, 253, 254, 255]);
  assert.deepEqual(Sh.fromB64url(Sh.b64url(bytes)), bytes);
  assert.match(Sh.b64url(bytes), /^[A-Za-z0-9_-]+$/);
  assert.throws(() => Sh.fromB64url('a+b/'));
  assert.throws(() => Sh.fromB64url('abcde'));
});

test('a share link carries the state and reads back the same', () => {
  const s = sample();
  const fragment = Sh.encodeShare(s, GUIDE);
  assert.match(fragment, /^del=1\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[0-9a-f]{8}$/);
  const back = Sh.decodeShare('#' + fragment, GUIDE, NAMES);
  assert.equal(back.error, undefined);
  assert.equal(back.state.municipality, 'Sør-Fron');
  assert.deepEqual(back.state.period, { constituted: '2027-10-21', council_meeting: '' });
  assert.deepEqual(back.state.dates, { oppstart: '2028-01-10' });
  assert.deepEqual(back.state.ticks, {
    '/planstrategi/a/': { a1b2c3d4: true, b1b2b3b4: false },
    '/planstrategi/b/': { c1c2c3c4: false },
  });
});

test('a changed, cut-off or newer link is refused', () => {
  const fragment = Sh.encodeShare(sample(), GUIDE);
  const parts = fragment.split('.');
  const changed = [parts[0], parts[1].slice(0, -1) + (parts[1].endsWith('A') ? 'B' : 'A'), parts[2], parts[3]].join('.');
  assert.deepEqual(Sh.decodeShare(changed, GUIDE, NAMES), { error: 'broken' });
  assert.deepEqual(Sh.decodeShare(fragment.slice(0, -3), GUIDE, NAMES), { error: 'broken' });
  assert.deepEqual(Sh.decodeShare('#noe=1', GUIDE, NAMES), { error: 'broken' });
  assert.deepEqual(Sh.decodeShare('#del=2.e30..00000000', GUIDE, NAMES), { error: 'newer' });
});

test('a link made before the ids were scoped to the guide ticks the item by its old id', () => {
  const old = St.emptyState();
  const legacy = { steps: [{ url: '/planstrategi/a/', items: [{ id: '0a0b0c0d', was: '', preset: false }] }] };
  old.ticks = { '/planstrategi/a/': { '0a0b0c0d': true } };
  const back = Sh.decodeShare(Sh.encodeShare(old, legacy), GUIDE, NAMES);
  assert.equal(back.state.ticks['/planstrategi/a/'].a1b2c3d4, true);
});

test('cleanState keeps only what belongs in a state', () => {
  const s = St.cleanState({
    municipality: '  Sør-\n  Fron  ' + 'x'.repeat(200),
    period: { constituted: '2027-02-30', council_meeting: '2028-09-01' },
    dates: { oppstart: '2028-01-10', ukjent: '2028-01-11' },
    ticks: { '/planstrategi/a': { x: true, y: 'ja' }, '/b/': [] },
  }, NAMES);
  assert.equal(s.municipality.length, 100);
  assert.ok(s.municipality.startsWith('Sør- Fron '));
  assert.deepEqual(s.period, { constituted: '', council_meeting: '2028-09-01' });
  assert.deepEqual(s.dates, { oppstart: '2028-01-10' });
  assert.deepEqual(s.ticks, { '/planstrategi/a/': { x: true } });
});

test('merging keeps every tick of either side and the dates filled in here', () => {
  const own = sample();
  own.period.constituted = '';
  const theirs = St.emptyState();
  theirs.municipality = 'Annen';
  theirs.period = { constituted: '2027-10-14', council_meeting: '2028-09-20' };
  theirs.ticks = { '/planstrategi/b/': { c1c2c3c4: true } };
  const m = St.mergeStates(own, theirs, GUIDE);
  assert.equal(m.municipality, 'Sør-Fron');
  assert.deepEqual(m.period, { constituted: '2027-10-14', council_meeting: '2028-09-20' });
  assert.deepEqual(m.ticks['/planstrategi/a/'], { a1b2c3d4: true, b1b2b3b4: true });
  assert.deepEqual(m.ticks['/planstrategi/b/'], { c1c2c3c4: true });
  assert.deepEqual(St.tickCount(m, GUIDE), { done: 3, total: 3 });
});

test('a state is written under the four keys and read back; an empty part removes its key', () => {
  const store = memoryStore();
  St.writeState(store, GUIDE.url, sample());
  assert.deepEqual(Object.keys(store.dump()).sort(), [
    S.periodKey(), 'stegvis:datoer:/planstrategi/', 'stegvis:plan:/planstrategi/', 'stegvis:sjekk:/planstrategi/',
  ].sort());
  assert.deepEqual(St.readState(store, GUIDE.url, NAMES), sample());
  St.writeState(store, GUIDE.url, St.emptyState());
  assert.deepEqual(store.dump(), {});
});

test('the JSON file round-trips; another guide\'s file or a newer one is refused', () => {
  const file = P.exportFile(sample(), GUIDE);
  const raw = JSON.parse(file);
  assert.equal(raw.format, 'stegvis-prosjektplan');
  assert.equal(raw.version, 1);
  assert.deepEqual(P.importFile('\uFEFF' + file, GUIDE, NAMES).state, sample());
  assert.deepEqual(P.importFile(JSON.stringify({ ...raw, guide: '/annen/' }), GUIDE, NAMES), { error: 'other', title: 'Planstrategi' });
  assert.deepEqual(P.importFile(JSON.stringify({ ...raw, version: 2 }), GUIDE, NAMES), { error: 'newer' });
  assert.deepEqual(P.importFile('{', GUIDE, NAMES), { error: 'broken' });
  /* ticks under an old id move; steps the guide no longer has are dropped */
  const moved = P.importFile(JSON.stringify({ ...raw, ticks: { '/planstrategi/a/': { '0a0b0c0d': true }, '/borte/': { x: true } } }), GUIDE, NAMES);
  assert.deepEqual(moved.state.ticks, { '/planstrategi/a/': { a1b2c3d4: true } });
});

test('the CSV: BOM, `;`, quoted fields, formulas made text, dates from the state', () => {
  assert.equal(P.csvField('=1+1'), "'=1+1");
  assert.equal(P.csvField('a;b'), '"a;b"');
  assert.equal(P.csvField('si "hei"'), '"si ""hei"""');
  assert.equal(P.csvField(null), '');
  const s = sample();
  const env = D.computePeriod({ constituted: D.parseIso('2023-10-19'), election: null }, { constituted: D.parseIso(s.period.constituted) });
  const csv = P.buildCsv(s, GUIDE, env, TEXT.nb);
  assert.ok(csv.startsWith('\uFEFFSteg;Tittel;Type;Start;Slutt;Status;Åpne punkter\r\n'));
  const rows = csv.slice(1).split('\r\n');
  assert.equal(rows[1], "1;Oppstart;Lovkrav;2027-10-21;2027-11-21;Pågår;'=SUM(A1)");
  assert.equal(rows[2], '2;"Vedtak; «endelig»";Råd;;;Ikke startet;Tredje');
  assert.equal(rows[3], '');
  assert.equal(P.buildCsv(s, GUIDE, env, TEXT.nn).split('\r\n')[0], '\uFEFFSteg;Tittel;Type;Start;Slutt;Status;Opne punkt');
});
