// storage.js and the tick migration of checklist.js: the keys (their
// format is what readers' browsers hold, so it must never change), JSON
// reads that survive junk, and ticks moved from old ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore, mod } from './helpers.mjs';

const S = await mod('storage.js');
const C = await mod('checklist.js');

test('paths compare equal however they are written', () => {
  assert.equal(S.normalisePath('/a/b'), '/a/b/');
  assert.equal(S.normalisePath('/a/b/index.html'), '/a/b/');
  assert.equal(S.normalisePath('/planlegging-i-s%C3%B8r/'), '/planlegging-i-sør/');
  assert.equal(S.normalisePath(''), '/');
  assert.equal(S.normalisePath('/bad%E0%A4%A/'), '/bad%E0%A4%A/', 'a malformed escape is kept');
});

test('keys: stegvis:<kind>:<decoded path>', () => {
  assert.equal(S.checklistKey('/planstrategi/'), 'stegvis:sjekk:/planstrategi/');
  assert.equal(S.checklistKey('/planlegging-i-s%C3%B8r'), 'stegvis:sjekk:/planlegging-i-sør/');
  assert.equal(S.guideDatesKey('/planstrategi/'), 'stegvis:datoer:/planstrategi/');
  assert.equal(S.planKey('/planstrategi/'), 'stegvis:plan:/planstrategi/');
  assert.equal(S.storeKey('periode', '/'), 'stegvis:periode:/');
  /* in the browser the base is the folder above js/; here the theme's static/ */
  assert.match(S.siteBase(), /\/themes\/default\/static\/$/);
  assert.equal(S.periodKey(), 'stegvis:periode:' + S.siteBase());
});

test('no localStorage in Node: storage() is null', () => {
  assert.equal(S.storage(), null);
});

test('readJson gives {} for junk, arrays and missing keys; writeJson round-trips', () => {
  const store = memoryStore({ junk: '{oops', list: '[1,2]', n: '3' });
  assert.deepEqual(S.readJson(store, 'junk'), {});
  assert.deepEqual(S.readJson(store, 'list'), {});
  assert.deepEqual(S.readJson(store, 'n'), {});
  assert.deepEqual(S.readJson(store, 'missing'), {});
  S.writeJson(store, 'k', { a: { b: true } });
  assert.deepEqual(S.readJson(store, 'k'), { a: { b: true } });
  const full = { setItem() { throw new Error('quota'); } };
  assert.doesNotThrow(() => S.writeJson(full, 'k', {}));
});

test('siteKeys lists only this site\'s keys, encoded or not', () => {
  const base = S.siteBase();
  const store = memoryStore({
    [`stegvis:sjekk:${base}veileder/`]: '{}',
    [`stegvis:periode:${encodeURI(base)}`]: '{}',
    'stegvis:sjekk:/annet-sted/': '{}',
    'noe-annet': '1',
  });
  assert.deepEqual(S.siteKeys(store).sort(), [`stegvis:periode:${encodeURI(base)}`, `stegvis:sjekk:${base}veileder/`].sort());
});

test('ticks stored under an old id move to the new one, once', () => {
  const ticks = { '/g/s/': { old1: true, old2: false, new3: true, keep: true } };
  const pairs = [
    { step: '/g/s/', was: 'old1', id: 'new1' },
    { step: '/g/s/', was: 'old2', id: 'new2' },
    { step: '/g/s/', was: 'old3', id: 'new3' },
    { step: '/g/s/', was: '', id: 'keep' },
    { step: '/g/other/', was: 'x', id: 'y' },
  ];
  assert.equal(C.migrateTicks(ticks, pairs), true);
  assert.deepEqual(ticks, { '/g/s/': { new1: true, new2: false, new3: true, keep: true } });
  assert.equal(C.migrateTicks(ticks, pairs), false, 'nothing left to move');

  const store = memoryStore({ 'stegvis:sjekk:/g/': JSON.stringify({ '/g/s/': { a: true } }) });
  C.migrateStored(store, 'stegvis:sjekk:/g/', [{ step: '/g/s/', was: 'a', id: 'b' }]);
  assert.deepEqual(JSON.parse(store.getItem('stegvis:sjekk:/g/')), { '/g/s/': { b: true } });
});

test('guidePairs lists every item of a guide as {step, was, id}', () => {
  const guide = { steps: [{ url: '/g/a/', items: [{ id: '1', was: '0' }] }, { url: '/g/b/', items: [{ id: '2', was: '' }] }] };
  assert.deepEqual(C.guidePairs(guide), [{ step: '/g/a/', id: '1', was: '0' }, { step: '/g/b/', id: '2', was: '' }]);
});
