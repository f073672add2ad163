/* The dates of a page: `<main data-dates>` (the period from site.yaml and
 * the guide's own named dates), what the user typed, and every
 * `<time data-expr>` of the page shown at those dates. On every page but
 * the timeline, initPageDates makes the dates follow what was typed there. */
import { dayOff, evaluate, formatAs, formatDate, iso, parseIso, addMonths, resolveDates, typedAnything } from './dates.js';
import { forEach } from './page.js';
import { checkRules } from './rules.js';
import { chosenYear, guideDatesKey, periodKey, readJson, registerCycle, storage } from './storage.js';
import { text } from './text.js';

/* The page's dates from `<main data-dates>`: the period from site.yaml
 * and the guide's own named dates with their default expressions. */
export function pageDates() {
  var main = document.querySelector('main[data-dates]');
  if (!main) {
    return null;
  }
  var cfg;
  try {
    cfg = JSON.parse(main.getAttribute('data-dates'));
  } catch (e) {
    return null;
  }
  var base = {
    election: parseIso(cfg.election),
    constituted: parseIso(cfg.constituted),
    council_meeting: parseIso(cfg.council_meeting)
  };
  if (!base.constituted) {
    return null;
  }
  base.deadline = addMonths(base.constituted, 12);
  var guide = cfg.guide || null;
  /* a yearly guide: its years are known to the storage keys from here */
  registerCycle(guide, Array.isArray(cfg.years) ? cfg.years : []);
  var years = Array.isArray(cfg.years) ? cfg.years : [];
  return {
    name: cfg.name || '',
    base: base,
    guide: guide,
    dates: (cfg.dates || []).filter(function (d) {
      return d && /^[a-z][a-z0-9_]*$/.test(d.name || '');
    }),
    years: years,
    year: chosenYear(guide)
  };
}

/* Whether the page's dates differ from the built ones without anything
 * typed: a yearly guide shown for another year than its first. */
export function otherYear(cfg) {
  return !!(cfg.years && cfg.years.length && cfg.year && cfg.year !== cfg.years[0]);
}

/* What the user typed: the period's dates and the guide's own. */
export function savedInput(store, cfg) {
  var saved = store ? readJson(store, periodKey()) : {};
  var own = store && cfg.guide ? readJson(store, guideDatesKey(cfg.guide)) : {};
  var guide = {};
  cfg.dates.forEach(function (d) {
    guide[d.name] = parseIso(own[d.name]);
  });
  return {
    period: {
      constituted: parseIso(saved.constituted),
      council_meeting: parseIso(saved.council_meeting)
    },
    guide: guide
  };
}

export function showDates(root, env) {
  forEach(root.querySelectorAll('time[data-expr], time[data-anchor]'), function (el) {
    var date = evaluate(el.getAttribute('data-expr') || el.getAttribute('data-anchor'), env);
    if (date) {
      el.setAttribute('datetime', iso(date));
      el.textContent = formatAs(date, el.getAttribute('data-format'));
    }
  });
  showMoved(root, env);
  checkRules(root, env);
}

/* The note beside a guide date whose default was moved off a day off. */
export function showMoved(root, env) {
  var T = text();
  forEach(root.querySelectorAll('[data-moved-note]'), function (el) {
    var from = env._moved && env._moved[el.getAttribute('data-moved-note')];
    var slot = el.querySelector('[data-moved-from]');
    el.hidden = !from;
    if (slot) {
      slot.textContent = from ? T.movedFrom(T.dayName(dayOff(from)), formatDate(from)) : '';
    }
  });
}

/* Every page but the timeline: its dates (a step's time window, dates
   in the text) follow the dates typed on the timeline page. */
export function initPageDates() {
  if (document.querySelector('[data-timeline-period]')) {
    return;
  }
  var cfg = pageDates();
  var store = storage();
  if (!cfg || !store) {
    return;
  }
  var input = savedInput(store, cfg);
  var typed = typedAnything(input);
  if (!typed && !otherYear(cfg)) {
    return;
  }
  showDates(document.querySelector('main'), resolveDates(cfg, input));
  if (!typed) {
    return;
  }
  var note = document.querySelector('[data-step-when-note]');
  if (note) {
    note.hidden = false;
  }
}
