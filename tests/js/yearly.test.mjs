// A yearly guide (`cycle: yearly`) and the reader's county: ticks, typed
// dates and the plan are kept per budget year (ticking 2029 does not tick
// 2030), the chosen year and county go with the share link and the JSON
// file, the CSV says the year, and the dates count from the chosen year.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore, mod } from './helpers.mjs';

const S = await mod('storage.js');
const St = await mod('state.js');
const Sh = await mod('share.js');
const P = await mod('plan.js');
const D = await mod('dates.js');
const { TEXT } = await mod('text.js');

const URL_ = '/handlingsdel/';
const YEARS = [2028, 2029, 2030, 2031];
const GUIDE = {
  url: URL_,
  title: 'Handlingsdel',
  steps: [{ url: '/handlingsdel/vedtak/', number: '1', title: 'Vedta', kind: 'lovkrav', startExpr: 'budsjettvedtak', endExpr: null,
    items: [{ id: 'a1b2c3d4', was: '', preset: false, text: 'Vedtatt' }] }],
};

/* A browser's localStorage for the modules, fresh per test. */
function withStorage() {
  const store = memoryStore();
  globalThis.window = { localStorage: store };
  return store;
}

test('a yearly guide keeps its ticks, dates and plan per budget year', () => {
  const store = withStorage();
  S.registerCycle(URL_, YEARS);
  assert.deepEqual(S.cycleYears('/handlingsdel'), YEARS, 'the path is compared normalised');
  assert.equal(S.chosenYear(URL_), 2028, 'the first year by default: what the built pages show');
  assert.equal(S.checklistKey(URL_), 'stegvis:sjekk:/handlingsdel/2028/');
  assert.equal(S.guideDatesKey(URL_), 'stegvis:datoer:/handlingsdel/2028/');
  assert.equal(S.planKey(URL_), 'stegvis:plan:/handlingsdel/2028/');
  assert.equal(S.periodKey(), 'stegvis:periode:' + S.siteBase(), 'the period stays shared');

  const ticked = St.emptyState();
  ticked.ticks = { '/handlingsdel/vedtak/': { a1b2c3d4: true } };
  St.writeState(store, URL_, ticked);
  assert.ok(S.setChosenYear(URL_, 2029));
  assert.equal(S.chosenYear(URL_), 2029);
  assert.deepEqual(St.readState(store, URL_, []).ticks, {}, 'ticking 2028 does not tick 2029');
  assert.equal(St.readState(store, URL_, []).year, 2029);
  assert.ok(S.setChosenYear(URL_, 2028));
  assert.deepEqual(St.readState(store, URL_, []).ticks, ticked.ticks, '2028 keeps its tick');
  assert.equal(store.getItem(S.yearKey(URL_)), null, 'the default year is not stored');
  assert.equal(S.setChosenYear(URL_, 2035), false, 'a year the guide does not have');
  assert.equal(S.chosenYear(URL_), 2028);
  /* another guide is not yearly: its keys are as they always were */
  assert.equal(S.checklistKey('/planstrategi/'), 'stegvis:sjekk:/planstrategi/');
  delete globalThis.window;
});

test('the year and the county go with the share link and the file; writing one makes it the chosen one', () => {
  const store = withStorage();
  S.registerCycle(URL_, YEARS);
  const s = St.emptyState();
  s.year = 2030;
  s.county = 'vestland';
  s.ticks = { '/handlingsdel/vedtak/': { a1b2c3d4: true } };
  const back = Sh.decodeShare('#' + Sh.encodeShare(s, GUIDE), GUIDE, []);
  assert.equal(back.state.year, 2030);
  assert.equal(back.state.county, 'vestland');
  const file = P.importFile(P.exportFile(s, GUIDE), GUIDE, []).state;
  assert.equal(file.year, 2030);
  assert.equal(file.county, 'vestland');
  St.writeState(store, URL_, back.state);
  assert.equal(S.chosenYear(URL_), 2030);
  assert.equal(S.chosenCounty(), 'vestland');
  assert.ok(store.getItem('stegvis:sjekk:/handlingsdel/2030/'));
  /* junk in a link is dropped, not stored */
  assert.equal(St.cleanState({ year: '2030', county: '<script>' }, []).year, 0);
  assert.equal(St.cleanState({ year: 2030.5, county: 'Vest land' }, []).county, '');
  delete globalThis.window;
});

test('the CSV of a yearly guide says the year; the dates count from the chosen year', () => {
  const s = St.emptyState();
  s.year = 2029;
  const cfg = {
    base: { constituted: D.parseIso('2027-10-21'), election: D.parseIso('2027-09-13'), council_meeting: null },
    dates: [{ name: 'budsjettvedtak', expr: 'year_start - 3w' }],
    year: 2029,
  };
  const env = D.resolveDates(cfg, { period: {}, guide: {} });
  assert.equal(D.iso(env.year_start), '2029-01-01');
  assert.equal(D.iso(env.year_end), '2029-12-31');
  assert.equal(D.iso(env.budsjettvedtak), '2028-12-11');
  assert.equal(D.iso(D.evaluate('budsjettåret - 1d', env)), '2028-12-31', 'the Norwegian name');
  const csv = P.buildCsv(s, GUIDE, env, TEXT.nb).slice(1).split('\r\n');
  assert.equal(csv[0], 'Budsjettår;Steg;Tittel;Type;Start;Slutt;Status;Åpne punkter');
  assert.equal(csv[1], '2029;1;Vedta;Lovkrav;2028-12-11;;Ikke startet;Vedtatt');
  /* typed for that year wins over the default */
  const typed = D.resolveDates(cfg, { period: {}, guide: { budsjettvedtak: D.parseIso('2028-12-05') } });
  assert.equal(D.iso(typed.budsjettvedtak), '2028-12-05');
});
