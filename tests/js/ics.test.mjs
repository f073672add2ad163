// ics.js and slug.js against tests/vectors/ics.json and slugs.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mod, vectors } from './helpers.mjs';

const I = await mod('ics.js');
const { slugify } = await mod('slug.js');
const D = await mod('dates.js');

test('escaping and folding match ics.json', () => {
  const v = vectors('ics');
  v.escape.forEach((c) => assert.equal(I.icsEscape(c.text), c.escaped, `escape ${JSON.stringify(c.text)}`));
  v.fold.forEach((c) => assert.equal(I.icsFold(c.line), c.folded, `fold ${JSON.stringify(c.line)}`));
});

test('slugs match slugs.json, with no differences left between Rust and the browser', () => {
  const v = vectors('slugs');
  assert.equal(v.differences.length, 0);
  v.slugs.forEach((c) => assert.equal(slugify(c.text), c.slug, JSON.stringify(c.text)));
  assert.equal(slugify('Første verkstad – æøå'), 'forste-verkstad-aeoa');
});

test('a calendar: one all-day event, escaped, folded lines of at most 75 octets', () => {
  const long = 'Første verkstad med heile kommunestyret, før møtet; ' + 'æøå'.repeat(30);
  const ics = I.buildCalendar('Namn, med komma', [{
    uid: 'x@y', date: D.parseIso('2024-01-31'), summary: long, description: 'a\nb', url: '',
  }], new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
  const lines = ics.split('\r\n');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.ok(lines.includes('X-WR-CALNAME:Namn\\, med komma'));
  assert.ok(lines.includes('DTSTAMP:20240102T030405Z'));
  assert.ok(lines.includes('DTSTART;VALUE=DATE:20240131'));
  assert.ok(lines.includes('DTEND;VALUE=DATE:20240201'));
  assert.ok(lines.includes('DESCRIPTION:a\\nb'));
  assert.ok(!ics.includes('\nURL:'), 'no URL line for an empty url');
  assert.ok(lines.every((l) => Buffer.byteLength(l) <= 75), 'every line folded');
  const unfolded = ics.replace(/\r\n /g, '');
  assert.ok(unfolded.includes('SUMMARY:' + I.icsEscape(long)));
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
});
