/* Slugs of titles for calendar UIDs, as the Rust side makes them. Pure. */

/* As src/shared/slug.rs (deunicode): letters that do not decompose are
 * spelt out (æ ae, ø o, đ d, ŋ ng, ß ss, ł l …), compatibility forms
 * split (ﬁ fi, ² 2), accents dropped; pinned by tests/vectors/slugs.json. */
export function slugify(s) {
  var spelt = { 'æ': 'ae', 'ø': 'o', 'å': 'a', 'đ': 'd', 'ð': 'd', 'ŋ': 'ng', 'ŧ': 't', 'ß': 'ss',
    'ł': 'l', 'þ': 'th', 'œ': 'oe', 'ħ': 'h', 'ı': 'i' };
  return s.toLowerCase()
    .replace(/[æøåđðŋŧßłþœħı]/g, function (c) { return spelt[c]; })
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
