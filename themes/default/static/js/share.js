/* The share link of a project plan. A share link is
 * `#del=1.<meta>.<ticks>.<crc>`: `meta` the municipality and dates as
 * base64url JSON, `ticks` the first three bytes of every ticked item's id,
 * base64url, `crc` a CRC-32 of what comes before it, so a changed or
 * cut-off link is recognised. The fragment never reaches a server.
 * Pure: encodeShare/decodeShare work on states (state.js) and the guide
 * as plan.js reads it ({url, title, steps: [{url, items: [{id, was, preset}]}]}). */
import { pad } from './dates.js';
import { cleanState, isObject, isTicked } from './state.js';

export var SHARE_PARAM = 'del=';
var SHARE_VERSION = 1;
var ID_BYTES = 3;

export function utf8Bytes(s) {
  return new TextEncoder().encode(s);
}

export function b64url(bytes) {
  var bin = '';
  for (var i = 0; i < bytes.length; i += 1) {
    bin += String.fromCharCode(bytes[i]);
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/* Throws on anything that is not base64url. */
export function fromB64url(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) {
    throw new Error('base64url');
  }
  var bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
  var out = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i += 1) {
    out[i] = bin.charCodeAt(i);
  }
  return out;
}

var crcTable = null;
export function crc32(s) {
  if (!crcTable) {
    crcTable = [];
    for (var n = 0; n < 256; n += 1) {
      var c = n;
      for (var k = 0; k < 8; k += 1) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      crcTable.push(c >>> 0);
    }
  }
  var bytes = utf8Bytes(s);
  var crc = 0xffffffff;
  for (var i = 0; i < bytes.length; i += 1) {
    crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  }
  return pad(((crc ^ 0xffffffff) >>> 0).toString(16), 8);
}

export function idPrefix(id) {
  return /^[0-9a-f]{6}/i.test(id) ? id.slice(0, ID_BYTES * 2).toLowerCase() : null;
}

/* The fragment (without `#`) that carries `state`. */
export function encodeShare(state, guide) {
  var meta = {};
  if (state.municipality) {
    meta.k = state.municipality;
  }
  if (state.period.constituted) {
    meta.c = state.period.constituted;
  }
  if (state.period.council_meeting) {
    meta.m = state.period.council_meeting;
  }
  if (Object.keys(state.dates).length) {
    meta.d = state.dates;
  }
  if (state.year) {
    meta.y = state.year;
  }
  if (state.county) {
    meta.f = state.county;
  }
  var ticks = [];
  guide.steps.forEach(function (step) {
    step.items.forEach(function (item) {
      var p = idPrefix(item.id);
      if (p && isTicked(state, step, item)) {
        for (var i = 0; i < ID_BYTES; i += 1) {
          ticks.push(parseInt(p.substr(i * 2, 2), 16));
        }
      }
    });
  });
  var body = SHARE_VERSION + '.' + b64url(utf8Bytes(JSON.stringify(meta))) + '.' + b64url(ticks);
  return SHARE_PARAM + body + '.' + crc32(body);
}

/* {state} from a fragment, or {error: 'broken' | 'newer'}. */
export function decodeShare(fragment, guide, dateNames) {
  var body = fragment.replace(/^#/, '');
  if (body.indexOf(SHARE_PARAM) !== 0) {
    return { error: 'broken' };
  }
  body = body.slice(SHARE_PARAM.length);
  try {
    body = decodeURIComponent(body);
  } catch (e) {
    return { error: 'broken' };
  }
  var parts = body.split('.');
  if (/^\d+$/.test(parts[0]) && +parts[0] > SHARE_VERSION) {
    return { error: 'newer' };
  }
  if (parts.length !== 4 || parts[0] !== String(SHARE_VERSION) ||
      crc32(parts.slice(0, 3).join('.')) !== parts[3].toLowerCase()) {
    return { error: 'broken' };
  }
  var meta;
  var ticks;
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromB64url(parts[1])));
    ticks = fromB64url(parts[2]);
  } catch (e) {
    return { error: 'broken' };
  }
  if (!isObject(meta) || ticks.length % ID_BYTES !== 0) {
    return { error: 'broken' };
  }
  var prefixes = {};
  for (var i = 0; i < ticks.length; i += ID_BYTES) {
    var p = '';
    for (var j = 0; j < ID_BYTES; j += 1) {
      p += pad(ticks[i + j].toString(16), 2);
    }
    prefixes[p] = true;
  }
  var state = cleanState({
    municipality: meta.k,
    period: { constituted: meta.c, council_meeting: meta.m },
    dates: isObject(meta.d) ? meta.d : {},
    year: meta.y,
    county: meta.f
  }, dateNames);
  guide.steps.forEach(function (step) {
    var s = {};
    step.items.forEach(function (item) {
      /* a link made before the ids were scoped to the guide */
      s[item.id] = prefixes[idPrefix(item.id)] === true ||
        (!!item.was && prefixes[idPrefix(item.was)] === true);
    });
    state.ticks[step.url] = s;
  });
  return { state: state };
}
