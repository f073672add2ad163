/* Storage: localStorage and every key the site stores in it. Each key is
 * `stegvis:<kind>:<path>`, the path decoded (normalisePath):
 *
 *   stegvis:sjekk:<guide URL>    checklist ticks {stepUrl: {itemId: bool}}
 *                                (checklist.js; the guide overview, step
 *                                pages and the checklist page show each
 *                                step's status from them)
 *   stegvis:periode:<site base>  the period's dates the user typed on a
 *                                timeline {constituted, council_meeting};
 *                                shared by every guide of the site
 *   stegvis:datoer:<guide URL>   the guide's own named dates as typed {name: iso}
 *   stegvis:plan:<guide URL>     the status report's {municipality}
 *   stegvis:aar:<guide URL>      a yearly guide's chosen budget year
 *   stegvis:fylke:<site base>    the reader's county {county: id} (help.js)
 *
 * A yearly guide (`cycle: yearly`) keeps ticks, dates and plan per budget
 * year: its guide URL in the three keys above becomes `<guide URL><year>/`
 * (scopeOf), so ticking 2029 does not tick 2030.
 *
 * The timeline page recomputes every date from these (`<time data-anchor>`
 * / `<time data-expr="constituted + 3m">`), and every other page's
 * `<time data-expr>` (step dates, dates in the text) follows them; the
 * period's and a guide's defaults come from `<main data-dates>`. The
 * status report (plan.js) reads and writes all four as one state; the
 * privacy page (privacy.js) deletes everything under the site's base.
 * No DOM; storage() is null where localStorage is blocked (and in Node). */

/* localStorage, or null where it is blocked or full. The probe write
 * runs once per storage object: every write sends other tabs a `storage`
 * event, and the status report answers those by reading again. */
var PROBE = 'stegvis:probe';
var probed = null;

export function storage() {
  try {
    var s = window.localStorage;
    if (probed && probed.of === s) {
      return probed.store;
    }
    var store = null;
    try {
      s.setItem(PROBE, '1');
      s.removeItem(PROBE);
      store = s;
    } catch (e) {
      store = null;
    }
    probed = { of: s, store: store };
    return store;
  } catch (e) {
    return null;
  }
}

/* A `storage` event this site's code must answer: not the probe. */
export function isProbe(key) {
  return key === PROBE;
}

export function readJson(store, key) {
  try {
    var v = JSON.parse(store.getItem(key) || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch (e) {
    return {};
  }
}

export function writeJson(store, key, value) {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch (e) {
    /* quota or privacy mode: the ticks just are not remembered */
  }
}

/* Normalise a pathname so "/a/b", "/a/b/" and "/a/b/index.html" compare equal. */
export function normalisePath(path) {
  var p = path || '/';
  try {
    p = decodeURI(p);
  } catch (e) {
    /* keep as is */
  }
  p = p.replace(/index\.html?$/, '');
  if (p.charAt(p.length - 1) !== '/') {
    p += '/';
  }
  return p;
}

/* Every stored key is made here: `stegvis:<kind>:<path>`, the path
 * always decoded (normalisePath), so that keys made from an address
 * (encoded: /planlegging-i-s%C3%B8r/) and from a page's data attributes
 * (as written: /planlegging-i-sør/) are the same key. */
export function storeKey(kind, path) {
  return 'stegvis:' + kind + ':' + normalisePath(path);
}

/* The yearly guides of the page, by guide URL: {years: [2028, …]}
 * (registered from `<main data-dates>` before anything reads a key). */
var cycles = {};

export function registerCycle(guideUrl, years) {
  var clean = (years || []).filter(function (y) {
    return typeof y === 'number' && y >= 1900 && y <= 2999 && Math.floor(y) === y;
  });
  if (guideUrl && clean.length) {
    cycles[normalisePath(guideUrl)] = { years: clean };
  }
}

export function cycleYears(guideUrl) {
  var c = guideUrl && cycles[normalisePath(guideUrl)];
  return c ? c.years.slice() : [];
}

export function yearKey(guideUrl) {
  return storeKey('aar', guideUrl);
}

/* The budget year the reader chose for a yearly guide (the first year by
 * default, which is what the built pages show); 0 for another guide. */
export function chosenYear(guideUrl) {
  var years = cycleYears(guideUrl);
  if (!years.length) {
    return 0;
  }
  var store = storage();
  var y = store ? readJson(store, yearKey(guideUrl)).year : null;
  return years.indexOf(y) >= 0 ? y : years[0];
}

/* Stores the chosen year; false when it is not one of the guide's. */
export function setChosenYear(guideUrl, year) {
  var years = cycleYears(guideUrl);
  var store = storage();
  if (years.indexOf(year) < 0 || !store) {
    return false;
  }
  if (year === years[0]) {
    removeKey(store, yearKey(guideUrl));
  } else {
    writeJson(store, yearKey(guideUrl), { year: year });
  }
  return true;
}

/* Where a guide's ticks, dates and plan are kept: the guide URL, or for a
 * yearly guide `<guide URL><year>/`. */
export function scopeOf(guideUrl) {
  var year = chosenYear(guideUrl);
  return year ? normalisePath(guideUrl).replace(/\/?$/, '/') + year + '/' : guideUrl;
}

export function checklistKey(guideUrl) {
  return storeKey('sjekk', scopeOf(guideUrl));
}

/* The site's base path: the folder above this module's own folder
 * (`<base>js/storage.js`), as the old script took it from its address. */
export function siteBase() {
  try {
    return new URL('../', import.meta.url).pathname;
  } catch (e) {
    return '/';
  }
}

export function periodKey() {
  return storeKey('periode', siteBase());
}

export function countyKey() {
  return storeKey('fylke', siteBase());
}

/* The reader's county (an id of content/_hjelp.yaml), or ''. */
export function chosenCounty() {
  var store = storage();
  var v = store ? readJson(store, countyKey()).county : '';
  return typeof v === 'string' && /^[a-z0-9-]{1,60}$/.test(v) ? v : '';
}

/* Stores the reader's county ('' forgets it); false without storage. */
export function setChosenCounty(id) {
  var store = storage();
  if (!store || (id && !/^[a-z0-9-]{1,60}$/.test(id))) {
    return false;
  }
  if (id) {
    writeJson(store, countyKey(), { county: id });
  } else {
    removeKey(store, countyKey());
  }
  return true;
}

export function guideDatesKey(guideUrl) {
  return storeKey('datoer', scopeOf(guideUrl));
}

export function planKey(guideUrl) {
  return storeKey('plan', scopeOf(guideUrl));
}

export function removeKey(store, key) {
  try {
    store.removeItem(key);
  } catch (e) {
    /* ignore */
  }
}

/* Every key this site stored: `stegvis:<kind>:<path under the site>`,
 * paths compared decoded (keys stored by an older script may be either). */
export function siteKeys(store) {
  var base = normalisePath(siteBase());
  var keys = [];
  try {
    for (var i = 0; i < store.length; i += 1) {
      var k = store.key(i);
      var m = /^stegvis:[a-z]+:(.*)$/.exec(k || '');
      if (m && normalisePath(m[1]).indexOf(base) === 0) {
        keys.push(k);
      }
    }
  } catch (e) {
    /* ignore */
  }
  return keys;
}

/* Keys an older script stored with an encoded path
 * (`stegvis:periode:/planlegging-i-s%C3%B8r/`) move to the decoded key
 * every part of the script now reads. */
export function migrateEncodedKeys() {
  var store = storage();
  if (!store) {
    return;
  }
  siteKeys(store).forEach(function (k) {
    var m = /^stegvis:([a-z]+):(.*)$/.exec(k);
    var key = m && storeKey(m[1], m[2]);
    if (!key || key === k) {
      return;
    }
    try {
      if (store.getItem(key) === null) {
        store.setItem(key, store.getItem(k));
      }
      store.removeItem(k);
    } catch (e) {
      /* quota or privacy mode: left as it is */
    }
  });
}
