/* A guide's project plan state: one saved state per guide, shared by
 * link (share.js) or file (plan.js). It is what the reader saved, under
 * the keys the rest of the code already uses (so existing ticks and dates
 * are part of it):
 *   stegvis:sjekk:<guide URL>    ticks {stepUrl: {itemId: bool}}
 *   stegvis:periode:<site base>  {constituted, council_meeting}
 *   stegvis:datoer:<guide URL>   the guide's own named dates
 *   stegvis:plan:<guide URL>     {municipality}
 * (a yearly guide's under `<guide URL><year>/`, the year chosen under
 * stegvis:aar:<guide URL>; see storage.js). In the code it is one object:
 *   {municipality, period: {constituted, council_meeting}, dates: {name: iso},
 *    ticks: {stepUrl: {id: bool}}, year}
 * where `year` is a yearly guide's budget year (0 for another guide); and
 * `county`, the reader's county for «Hvor får dere hjelp?» (stored once
 * for the site, stegvis:fylke:<site base>).
 * Cleaning, reading, writing, merging and counting states. No DOM. */
import { iso, parseIso } from './dates.js';
import { checklistKey, chosenCounty, chosenYear, guideDatesKey, normalisePath, periodKey, planKey, readJson, removeKey, setChosenCounty, setChosenYear, writeJson } from './storage.js';

var MAX_NAME = 100;

export function isObject(v) {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function cleanName(v) {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME) : '';
}

export function cleanIso(v) {
  var d = typeof v === 'string' ? parseIso(v) : null;
  return d ? iso(d) : '';
}

/* Only {stepUrl: {id: bool}} survives; anything else is left out. */
export function cleanTicks(v) {
  var out = {};
  if (!isObject(v)) {
    return out;
  }
  Object.keys(v).forEach(function (step) {
    if (!isObject(v[step])) {
      return;
    }
    var s = {};
    Object.keys(v[step]).forEach(function (id) {
      if (typeof v[step][id] === 'boolean') {
        s[id] = v[step][id];
      }
    });
    out[normalisePath(step)] = s;
  });
  return out;
}

export function emptyState() {
  return { municipality: '', period: { constituted: '', council_meeting: '' }, dates: {}, ticks: {}, year: 0, county: '' };
}

/* A budget year: a whole number in a sane range, else 0. */
export function cleanYear(v) {
  return typeof v === 'number' && Math.floor(v) === v && v >= 1900 && v <= 2999 ? v : 0;
}

export function cleanState(raw, dateNames) {
  var state = emptyState();
  if (!isObject(raw)) {
    return state;
  }
  state.municipality = cleanName(raw.municipality);
  var p = isObject(raw.period) ? raw.period : {};
  state.period.constituted = cleanIso(p.constituted);
  state.period.council_meeting = cleanIso(p.council_meeting);
  var d = isObject(raw.dates) ? raw.dates : {};
  dateNames.forEach(function (name) {
    var v = cleanIso(d[name]);
    if (v) {
      state.dates[name] = v;
    }
  });
  state.ticks = cleanTicks(raw.ticks);
  state.year = cleanYear(raw.year);
  state.county = typeof raw.county === 'string' && /^[a-z0-9-]{1,60}$/.test(raw.county) ? raw.county : '';
  return state;
}

export function readState(store, guideUrl, dateNames) {
  return cleanState({
    municipality: readJson(store, planKey(guideUrl)).municipality,
    period: readJson(store, periodKey()),
    dates: readJson(store, guideDatesKey(guideUrl)),
    ticks: readJson(store, checklistKey(guideUrl)),
    year: chosenYear(guideUrl),
    county: chosenCounty()
  }, dateNames);
}

/* Writes a state under its keys; an empty part removes its key. A
 * yearly guide's state goes to its year, which becomes the chosen one. */
export function writeState(store, guideUrl, state) {
  if (state.year) {
    setChosenYear(guideUrl, state.year);
  }
  /* a county the reader chose here is theirs: a shared plan does not
     replace it */
  if (state.county && !chosenCounty()) {
    setChosenCounty(state.county);
  }
  if (state.municipality) {
    writeJson(store, planKey(guideUrl), { municipality: state.municipality });
  } else {
    removeKey(store, planKey(guideUrl));
  }
  if (state.period.constituted || state.period.council_meeting) {
    writeJson(store, periodKey(), state.period);
  } else {
    removeKey(store, periodKey());
  }
  if (Object.keys(state.dates).length) {
    writeJson(store, guideDatesKey(guideUrl), state.dates);
  } else {
    removeKey(store, guideDatesKey(guideUrl));
  }
  if (Object.keys(state.ticks).length) {
    writeJson(store, checklistKey(guideUrl), state.ticks);
  } else {
    removeKey(store, checklistKey(guideUrl));
  }
}

export function deleteGuideState(store, guideUrl) {
  [planKey(guideUrl), periodKey(), guideDatesKey(guideUrl), checklistKey(guideUrl)].forEach(function (k) {
    removeKey(store, k);
  });
}

/* Is an item ticked: as stored, else as written in the Markdown. */
export function isTicked(state, step, item) {
  var s = state.ticks[step.url];
  return s && Object.prototype.hasOwnProperty.call(s, item.id) ? s[item.id] === true : item.preset;
}

export function tickCount(state, guide) {
  var done = 0;
  var total = 0;
  guide.steps.forEach(function (step) {
    step.items.forEach(function (item) {
      total += 1;
      if (isTicked(state, step, item)) {
        done += 1;
      }
    });
  });
  return { done: done, total: total };
}

export function typedState(state) {
  return !!(state.municipality || state.period.constituted || state.period.council_meeting ||
    Object.keys(state.dates).length) || Object.keys(state.ticks).some(function (step) {
    return Object.keys(state.ticks[step]).length > 0;
  });
}

/* The dates in the form `resolveDates` takes. */
export function stateInput(state, cfg) {
  var guide = {};
  cfg.dates.forEach(function (d) {
    guide[d.name] = parseIso(state.dates[d.name]);
  });
  return {
    period: { constituted: parseIso(state.period.constituted), council_meeting: parseIso(state.period.council_meeting) },
    guide: guide
  };
}

/* Theirs into ours: every tick of either side stays ticked; a date or
 * name already filled in here is kept, a missing one is taken. */
export function mergeStates(own, theirs, guide) {
  var out = cleanState(JSON.parse(JSON.stringify(own)), Object.keys(own.dates).concat(Object.keys(theirs.dates)));
  out.year = theirs.year || own.year;
  out.county = own.county || theirs.county;
  out.municipality = own.municipality || theirs.municipality;
  out.period.constituted = own.period.constituted || theirs.period.constituted;
  out.period.council_meeting = own.period.council_meeting || theirs.period.council_meeting;
  Object.keys(theirs.dates).forEach(function (k) {
    out.dates[k] = own.dates[k] || theirs.dates[k];
  });
  guide.steps.forEach(function (step) {
    var s = out.ticks[step.url] || {};
    step.items.forEach(function (item) {
      s[item.id] = isTicked(own, step, item) || isTicked(theirs, step, item);
    });
    out.ticks[step.url] = s;
  });
  return out;
}
