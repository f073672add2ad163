/* stegvis default theme — progressive enhancement only (ES2017, no dependencies).
 * Every page works without this file. Loaded with `defer`, so the DOM is ready.
 *
 *   - Checklists remember their ticks (localStorage, one key per guide:
 *     `stegvis:sjekk:<guide URL>`), the guide overview, step pages and the
 *     checklist page show each step's status in the `.step-status` slots.
 *   - The timeline page recomputes every date from the user's own dates
 *     (`<time data-anchor>` / `<time data-expr="constituted + 3m">`) and
 *     offers them as an iCalendar file made in the browser. The period's
 *     dates and a guide's own named dates come from `<main data-dates>`;
 *     what the user typed is kept under `stegvis:periode:<site>` and
 *     `stegvis:datoer:<guide URL>`, and every other page's
 *     `<time data-expr>` (step dates, dates in the text) follows it.
 *   - Print: links in the content get their address printed after them.
 *
 * All interface text the script writes is in TEXT below, in bokmål and
 * nynorsk; the language is taken from <html lang>.
 */
(function () {
  'use strict';

  var doc = document;
  var forEach = function (list, fn) {
    Array.prototype.forEach.call(list, fn);
  };

  var TEXT = {
    nb: {
      notStarted: 'Ikke startet',
      inProgress: 'Pågår',
      done: 'Fullført',
      of: 'av',
      checklist: 'Sjekkliste',
      step: 'Steg',
      summary: function (d, t) {
        return 'Du har krysset av ' + d + ' av ' + t + ' punkter.';
      },
      confirmReset: 'Vil du fjerne alle avkryssingene i sjekklisten for denne veilederen?',
      resetDone: 'Sjekklisten er nullstilt.',
      recomputed: 'Datoene er regnet om. Lovfestet frist: ',
      restored: 'Datoene fra veilederen vises igjen.',
      note: 'Datoene på siden er regnet ut fra datoene dere har skrevet inn.',
      afterDeadline: 'Obs: kommunestyremøtet ligger etter fristen i plan- og bygningsloven § 10-1.',
      beforeConstituted: 'Obs: kommunestyremøtet ligger før konstitueringen.',
      calendarFile: 'tidslinje'
    },
    nn: {
      notStarted: 'Ikkje starta',
      inProgress: 'Pågår',
      done: 'Fullført',
      of: 'av',
      checklist: 'Sjekkliste',
      step: 'Steg',
      summary: function (d, t) {
        return 'Du har kryssa av ' + d + ' av ' + t + ' punkt.';
      },
      confirmReset: 'Vil du fjerne alle avkryssingane i sjekklista for denne rettleiaren?',
      resetDone: 'Sjekklista er nullstilt.',
      recomputed: 'Datoane er rekna om. Lovfesta frist: ',
      restored: 'Datoane frå rettleiaren blir viste igjen.',
      note: 'Datoane på sida er rekna ut frå datoane de har skrive inn.',
      afterDeadline: 'Merk: kommunestyremøtet ligg etter fristen i plan- og bygningslova § 10-1.',
      beforeConstituted: 'Merk: kommunestyremøtet ligg før konstitueringa.',
      calendarFile: 'tidslinje'
    }
  };

  var MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli',
    'august', 'september', 'oktober', 'november', 'desember'];

  function lang() {
    var l = (doc.documentElement.getAttribute('lang') || 'nb').toLowerCase();
    return l.indexOf('nn') === 0 ? 'nn' : 'nb';
  }

  function text() {
    return TEXT[lang()];
  }

  /* localStorage, or null where it is blocked or full. */
  function storage() {
    try {
      var s = window.localStorage;
      var probe = 'stegvis:probe';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function readJson(store, key) {
    try {
      var v = JSON.parse(store.getItem(key) || '{}');
      return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    } catch (e) {
      return {};
    }
  }

  function writeJson(store, key, value) {
    try {
      store.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* quota or privacy mode: the ticks just are not remembered */
    }
  }

  /* One polite live region per page for status messages. */
  var liveRegion = null;
  /* Made early (at init), so screen readers know the region before it speaks. */
  function ensureLiveRegion() {
    if (!liveRegion) {
      liveRegion = doc.createElement('div');
      liveRegion.className = 'visually-hidden';
      liveRegion.setAttribute('aria-live', 'polite');
      liveRegion.setAttribute('aria-atomic', 'true');
      liveRegion.setAttribute('data-live', '');
      doc.body.appendChild(liveRegion);
    }
    return liveRegion;
  }

  function announce(message) {
    ensureLiveRegion();
    liveRegion.textContent = '';
    /* a new text node after a tick, so repeated messages are read again */
    window.setTimeout(function () {
      liveRegion.textContent = message;
    }, 50);
  }

  /* Normalise a pathname so "/a/b", "/a/b/" and "/a/b/index.html" compare equal. */
  function normalisePath(path) {
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

  /* Print buttons are hidden without JS; reveal and wire them. */
  function wirePrintButtons() {
    if (typeof window.print !== 'function') {
      return;
    }
    forEach(doc.querySelectorAll('[data-print]'), function (btn) {
      btn.hidden = false;
      btn.addEventListener('click', function () {
        window.print();
      });
    });
  }

  /* Print: write the full address after each link in the content. The print
   * style sheet shows `data-print-url`; without JS it falls back to the
   * `href` of external links. */
  function markPrintUrls() {
    var links = doc.querySelectorAll('main .prose a[href], main .law-box a[href], main .milestone a[href], main .period a[href], main .checklist label a[href]');
    forEach(links, function (a) {
      var raw = a.getAttribute('href');
      if (!raw || raw.charAt(0) === '#' || a.classList.contains('footnote-backref') ||
          a.closest('sup, .footnote-reference, .heading-anchor')) {
        return;
      }
      var url = a.href;
      try {
        url = decodeURI(url);
      } catch (e) {
        /* keep encoded */
      }
      var label = (a.textContent || '').trim();
      if (url === label || url.replace(/^https?:\/\//, '') === label) {
        return;
      }
      a.setAttribute('data-print-url', url);
    });
  }

  /* Wide tables scroll inside their own keyboard-focusable region instead of
   * making the whole page scroll sideways (WCAG 1.4.10 reflow). */
  function wrapTables() {
    forEach(doc.querySelectorAll('.prose table'), function (table) {
      var parent = table.parentNode;
      /* stegvis already wraps Markdown tables in .table-scroll */
      if (!parent || table.closest('.table-wrap, .table-scroll')) {
        return;
      }
      var wrap = doc.createElement('div');
      wrap.className = 'table-wrap';
      parent.insertBefore(wrap, table);
      wrap.appendChild(table);
      makeScrollableFocusable(wrap, table.querySelector('caption'));
    });
  }

  /* Scrollable table regions all arrive named "Tabell"; where a page has
   * several, add the heading each one stands under so they can be told apart
   * in a list of landmarks. */
  function nameTableRegions() {
    var regions = doc.querySelectorAll('.table-scroll[role="region"][aria-label], .table-wrap[role="region"][aria-label]');
    var counts = {};
    forEach(regions, function (r) {
      var name = r.getAttribute('aria-label');
      counts[name] = (counts[name] || 0) + 1;
    });
    var used = {};
    var headings = doc.querySelectorAll('main h1, main h2, main h3, main h4');
    forEach(regions, function (r) {
      var name = r.getAttribute('aria-label');
      if (counts[name] < 2) {
        return;
      }
      var heading = null;
      forEach(headings, function (h) {
        if (h.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING) {
          heading = h;
        }
      });
      var label = name + (heading ? ': ' + heading.textContent.trim() : '');
      used[label] = (used[label] || 0) + 1;
      if (used[label] > 1) {
        label += ' (' + used[label] + ')';
      }
      r.setAttribute('aria-label', label);
    });
  }

  /* Let keyboard users scroll overflowing code blocks and tables. */
  function makeScrollableFocusable(el, labelSource) {
    if (el.scrollWidth <= el.clientWidth + 1) {
      return;
    }
    if (!el.hasAttribute('tabindex')) {
      el.setAttribute('tabindex', '0');
    }
    if (labelSource && labelSource.textContent) {
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', labelSource.textContent.trim());
    }
  }

  function enhanceCodeBlocks() {
    forEach(doc.querySelectorAll('pre.code, .prose pre'), function (pre) {
      makeScrollableFocusable(pre, null);
    });
  }

  /* ------------------------------------------------------------------ */
  /* Checklists                                                          */
  /* ------------------------------------------------------------------ */

  function checklistKey(guideUrl) {
    return 'stegvis:sjekk:' + normalisePath(guideUrl);
  }

  function initChecklist() {
    /* data-checklist-guide: templates copied from an older theme */
    var root = doc.querySelector('[data-guide-url], [data-checklist-guide]');
    if (!root) {
      return;
    }
    var store = storage();
    if (!store) {
      return;
    }
    var T = text();
    var key = checklistKey(root.getAttribute('data-guide-url') || root.getAttribute('data-checklist-guide'));
    var boxes = [];
    forEach(doc.querySelectorAll('main input[type="checkbox"][data-check-id]'), function (box) {
      var owner = box.closest('[data-step-url]');
      if (owner) {
        boxes.push({ el: box, step: normalisePath(owner.getAttribute('data-step-url')), id: box.getAttribute('data-check-id') });
      }
    });

    function stepBoxes(stepUrl) {
      return boxes.filter(function (b) {
        return b.step === stepUrl;
      });
    }

    /* Ticks from storage onto the checkboxes; items never touched keep the
     * state written in the Markdown. */
    function apply(state) {
      boxes.forEach(function (b) {
        var s = state[b.step];
        b.el.checked = s && Object.prototype.hasOwnProperty.call(s, b.id) ? s[b.id] === true : b.el.defaultChecked;
      });
    }

    function ids(slot, name) {
      var v = slot && slot.getAttribute(name);
      return v === null || v === undefined ? null : v.split(/\s+/).filter(Boolean);
    }

    /* Ticked items of a step: its checkboxes where the page has them;
     * elsewhere (the guide overview) the step's item ids from the page,
     * each ticked as stored or, never touched, as written in the Markdown.
     * Ids in storage that the step no longer has do not count. */
    function doneCount(state, stepUrl, total, slot) {
      var here = stepBoxes(stepUrl);
      var n = 0;
      var s = state[stepUrl] || {};
      var items = ids(slot, 'data-items');
      if (here.length) {
        here.forEach(function (b) {
          if (b.el.checked) {
            n += 1;
          }
        });
      } else if (items) {
        var preset = ids(slot, 'data-checked') || [];
        items.forEach(function (id) {
          var ticked = Object.prototype.hasOwnProperty.call(s, id) ? s[id] === true : preset.indexOf(id) >= 0;
          if (ticked) {
            n += 1;
          }
        });
      } else {
        /* a template without data-items (an older theme) */
        Object.keys(s).forEach(function (id) {
          if (s[id] === true) {
            n += 1;
          }
        });
      }
      return Math.min(n, total);
    }

    function statusText(done, total) {
      var label = done === 0 ? T.notStarted : done >= total ? T.done : T.inProgress;
      return { label: label, count: done + ' ' + T.of + ' ' + total };
    }

    function render(state) {
      var sumDone = 0;
      var sumTotal = 0;
      var seen = {};
      forEach(doc.querySelectorAll('.step-status[data-step-url][data-total]'), function (slot) {
        var stepUrl = normalisePath(slot.getAttribute('data-step-url'));
        var total = parseInt(slot.getAttribute('data-total'), 10) || 0;
        if (total === 0) {
          slot.textContent = '';
          return;
        }
        var done = doneCount(state, stepUrl, total, slot);
        if (!seen[stepUrl]) {
          seen[stepUrl] = true;
          sumDone += done;
          sumTotal += total;
        }
        var s = statusText(done, total);
        var modifier = done === 0 ? 'not-started' : done >= total ? 'done' : 'in-progress';
        slot.className = 'step-status step-status--' + modifier;
        slot.innerHTML = '';
        var hidden = doc.createElement('span');
        hidden.className = 'visually-hidden';
        hidden.textContent = T.checklist + ': ';
        var label = doc.createElement('span');
        label.className = 'step-status__label';
        label.textContent = s.label;
        var count = doc.createElement('span');
        count.className = 'step-status__count';
        count.textContent = s.count;
        slot.appendChild(hidden);
        slot.appendChild(label);
        slot.appendChild(doc.createTextNode(' '));
        slot.appendChild(count);
      });
      forEach(doc.querySelectorAll('[data-checklist-summary]'), function (p) {
        p.textContent = sumTotal ? T.summary(sumDone, sumTotal) : '';
        p.hidden = !sumTotal;
      });
      forEach(doc.querySelectorAll('[data-checklist-progress]'), function (el) {
        el.hidden = !sumTotal;
      });
    }

    function refresh() {
      var state = readJson(store, key);
      apply(state);
      render(state);
    }

    function save(stepUrl) {
      var state = readJson(store, key);
      var s = {};
      stepBoxes(stepUrl).forEach(function (b) {
        s[b.id] = b.el.checked;
      });
      state[stepUrl] = s;
      writeJson(store, key, state);
      return state;
    }

    if (boxes.length || doc.querySelector('[data-checklist-reset]')) {
      ensureLiveRegion();
    }

    boxes.forEach(function (b) {
      b.el.addEventListener('change', function () {
        var state = save(b.step);
        /* the same item may appear twice on a page: keep copies in step */
        apply(state);
        render(state);
        var owner = b.el.closest('[data-step-url]');
        var total = parseInt(owner.getAttribute('data-total'), 10) || stepBoxes(b.step).length;
        var done = doneCount(state, b.step, total);
        var s = statusText(done, total);
        var number = owner.getAttribute('data-step-number');
        announce((number ? T.step + ' ' + number + ': ' : '') + s.label + ', ' + s.count + '.');
      });
    });

    forEach(doc.querySelectorAll('[data-checklist-reset]'), function (btn) {
      btn.hidden = false;
      btn.addEventListener('click', function () {
        if (typeof window.confirm === 'function' && !window.confirm(T.confirmReset)) {
          return;
        }
        try {
          store.removeItem(key);
        } catch (e) {
          /* ignore */
        }
        boxes.forEach(function (b) {
          b.el.checked = b.el.defaultChecked;
        });
        refresh();
        announce(T.resetDone);
      });
    });

    /* Another tab (the step page and the checklist page share the key). */
    window.addEventListener('storage', function (e) {
      if (e.key === key || e.key === null) {
        refresh();
      }
    });
    /* Back/forward cache: the page may come back with old ticks. */
    window.addEventListener('pageshow', function (e) {
      if (e.persisted) {
        refresh();
      }
    });

    refresh();
  }

  /* ------------------------------------------------------------------ */
  /* Dates                                                               */
  /* ------------------------------------------------------------------ */

  /* Dates are plain {y, m, d} (m 1–12); arithmetic goes through UTC. */
  function parseIso(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((s || '').trim());
    if (!m) {
      return null;
    }
    var date = { y: +m[1], m: +m[2], d: +m[3] };
    if (date.m < 1 || date.m > 12 || date.d < 1 || date.d > daysInMonth(date.y, date.m)) {
      return null;
    }
    return date;
  }

  function daysInMonth(y, m) {
    return new Date(Date.UTC(y, m, 0)).getUTCDate();
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) {
      s = '0' + s;
    }
    return s;
  }

  function iso(date) {
    return pad(date.y, 4) + '-' + pad(date.m, 2) + '-' + pad(date.d, 2);
  }

  function compact(date) {
    return pad(date.y, 4) + pad(date.m, 2) + pad(date.d, 2);
  }

  function toUtc(date) {
    return Date.UTC(date.y, date.m - 1, date.d);
  }

  function fromUtc(ms) {
    var d = new Date(ms);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
  }

  function addDays(date, n) {
    return fromUtc(toUtc(date) + n * 86400000);
  }

  /* Calendar months; the 31st of a shorter month clamps to its last day
   * (29 February + 1 year = 28 February). */
  function addMonths(date, n) {
    var index = date.y * 12 + (date.m - 1) + n;
    var y = Math.floor(index / 12);
    var m = index - y * 12 + 1;
    return { y: y, m: m, d: Math.min(date.d, daysInMonth(y, m)) };
  }

  function compare(a, b) {
    return toUtc(a) - toUtc(b);
  }

  /* "1. oktober 2024" (the month names are the same in bokmål and nynorsk). */
  function formatDate(date) {
    return date.d + '. ' + MONTHS[date.m - 1] + ' ' + date.y;
  }

  /* `<name>` or `<name> (+|-) <n><unit>`, units d, w, m, y; `env` maps
   * names (the period's and a guide's own) to dates. */
  function evaluate(expr, env) {
    var m = /^\s*([a-z][a-z0-9_]*)\s*(?:([+-])\s*(\d+)\s*([dwmy])\s*)?$/.exec(expr || '');
    if (!m || !Object.prototype.hasOwnProperty.call(env, m[1]) || !env[m[1]]) {
      return null;
    }
    var base = env[m[1]];
    if (!m[2]) {
      return base;
    }
    var n = (m[2] === '-' ? -1 : 1) * parseInt(m[3], 10);
    switch (m[4]) {
      case 'd':
        return addDays(base, n);
      case 'w':
        return addDays(base, n * 7);
      case 'm':
        return addMonths(base, n);
      default:
        return addMonths(base, n * 12);
    }
  }

  /* A date as `<time data-format>` asks: day (default), month or year. */
  function formatAs(date, format) {
    if (format === 'month') {
      return MONTHS[date.m - 1] + ' ' + date.y;
    }
    if (format === 'year') {
      return String(date.y);
    }
    return formatDate(date);
  }

  /* The page's dates from `<main data-dates>`: the period from site.yaml
   * and the guide's own named dates with their default expressions. */
  function pageDates() {
    var main = doc.querySelector('main[data-dates]');
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
    return {
      name: cfg.name || '',
      base: base,
      guide: cfg.guide || null,
      dates: (cfg.dates || []).filter(function (d) {
        return d && /^[a-z][a-z0-9_]*$/.test(d.name || '');
      })
    };
  }

  function periodKey() {
    return 'stegvis:periode:' + siteBase();
  }

  function guideDatesKey(guideUrl) {
    return 'stegvis:datoer:' + guideUrl;
  }

  /* What the user typed: the period's dates and the guide's own. */
  function savedInput(store, cfg) {
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

  function typedAnything(input) {
    return !!(input.period.constituted || input.period.council_meeting ||
      Object.keys(input.guide).some(function (k) { return input.guide[k]; }));
  }

  /* Every name's date: the period from what was typed, then each guide
   * date as typed, else from its default expression. */
  function resolveDates(cfg, input) {
    var env = computePeriod(cfg.base, input.period);
    cfg.dates.forEach(function (d) {
      env[d.name] = input.guide[d.name] || evaluate(d.expr, env);
    });
    return env;
  }

  function showDates(root, env) {
    forEach(root.querySelectorAll('time[data-expr], time[data-anchor]'), function (el) {
      var date = evaluate(el.getAttribute('data-expr') || el.getAttribute('data-anchor'), env);
      if (date) {
        el.setAttribute('datetime', iso(date));
        el.textContent = formatAs(date, el.getAttribute('data-format'));
      }
    });
  }

  /* The period's dates from site.yaml (`base`) and what the user typed. */
  function computePeriod(base, input) {
    var constituted = input.constituted || base.constituted;
    var election = base.election;
    if (input.constituted && base.election && base.constituted) {
      /* keep the election as far before the constitution as in site.yaml */
      election = addDays(input.constituted, Math.round((toUtc(base.election) - toUtc(base.constituted)) / 86400000));
    }
    var deadline = addMonths(constituted, 12);
    var meeting = input.council_meeting || (input.constituted ? deadline : base.council_meeting || deadline);
    return {
      election: election,
      constituted: constituted,
      deadline: deadline,
      council_meeting: meeting,
      public_notice_by: addDays(meeting, -30)
    };
  }

  /* ------------------------------------------------------------------ */
  /* iCalendar (RFC 5545)                                                */
  /* ------------------------------------------------------------------ */

  function icsEscape(s) {
    return String(s)
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r?\n/g, '\\n')
      .replace(/\r/g, '');
  }

  function utf8Length(ch) {
    var c = ch.codePointAt(0);
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }

  /* Folds a content line at 75 octets, never inside a character. */
  function icsFold(line) {
    var out = '';
    var width = 0;
    Array.from(line).forEach(function (ch) {
      var n = utf8Length(ch);
      if (width + n > 75) {
        out += '\r\n ';
        width = 1;
      }
      out += ch;
      width += n;
    });
    return out + '\r\n';
  }

  function slugify(s) {
    return s.toLowerCase()
      .replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a')
      .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  }

  function utcStamp(now) {
    return pad(now.getUTCFullYear(), 4) + pad(now.getUTCMonth() + 1, 2) + pad(now.getUTCDate(), 2) +
      'T' + pad(now.getUTCHours(), 2) + pad(now.getUTCMinutes(), 2) + pad(now.getUTCSeconds(), 2) + 'Z';
  }

  /* events: [{date, summary, description, url, uid}] */
  function buildCalendar(name, events, now) {
    var lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//stegvis//planveileder//NO',
      'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:' + icsEscape(name)];
    var stamp = utcStamp(now || new Date());
    events.forEach(function (e) {
      lines.push('BEGIN:VEVENT');
      lines.push('UID:' + e.uid);
      lines.push('DTSTAMP:' + stamp);
      lines.push('DTSTART;VALUE=DATE:' + compact(e.date));
      lines.push('DTEND;VALUE=DATE:' + compact(addDays(e.date, 1)));
      lines.push('SUMMARY:' + icsEscape(e.summary));
      if (e.description) {
        lines.push('DESCRIPTION:' + icsEscape(e.description));
      }
      if (e.url) {
        lines.push('URL:' + e.url);
      }
      lines.push('TRANSP:TRANSPARENT');
      lines.push('END:VEVENT');
    });
    lines.push('END:VCALENDAR');
    return lines.map(icsFold).join('');
  }

  /* ------------------------------------------------------------------ */
  /* Timeline                                                            */
  /* ------------------------------------------------------------------ */

  /* The site's base path, from this script's own address. */
  function siteBase() {
    var script = doc.querySelector('script[src$="stegvis.js"]');
    if (!script) {
      return '/';
    }
    try {
      return new URL(script.src, window.location.href).pathname.replace(/stegvis\.js$/, '');
    } catch (e) {
      return '/';
    }
  }

  /* Every page but the timeline: its dates (a step's time window, dates
     in the text) follow the dates typed on the timeline page. */
  function initPageDates() {
    if (doc.querySelector('[data-timeline-period]')) {
      return;
    }
    var cfg = pageDates();
    var store = storage();
    if (!cfg || !store) {
      return;
    }
    var input = savedInput(store, cfg);
    if (!typedAnything(input)) {
      return;
    }
    showDates(doc.querySelector('main'), resolveDates(cfg, input));
    var note = doc.querySelector('[data-step-when-note]');
    if (note) {
      note.hidden = false;
    }
  }

  function initTimeline() {
    var box = doc.querySelector('[data-timeline-period]');
    var section = doc.querySelector('[data-timeline-form-section]');
    var form = doc.querySelector('[data-timeline-form]');
    if (!box || !section || !form) {
      return;
    }
    var T = text();
    var store = storage();
    var key = periodKey();
    var cfg = pageDates();
    if (!cfg) {
      return;
    }
    var base = cfg.base;
    var guideKey = cfg.guide ? guideDatesKey(cfg.guide) : null;
    var nameEl = box.querySelector('[data-period-name]');
    var baseName = nameEl ? nameEl.textContent : '';
    var inputs = {
      constituted: form.querySelector('[data-period-input="constituted"]'),
      council_meeting: form.querySelector('[data-period-input="council_meeting"]')
    };
    var guideInputs = {};
    forEach(form.querySelectorAll('[data-guide-date-input]'), function (el) {
      guideInputs[el.getAttribute('data-guide-date-input')] = el;
    });
    var status = form.querySelector('[data-timeline-status]');
    var resetBtn = form.querySelector('[data-timeline-reset]');
    var note = box.querySelector('[data-timeline-note]');
    var calendar = doc.querySelector('[data-calendar]');
    var customLink = calendar && calendar.querySelector('[data-calendar-custom]');
    var blobUrl = null;

    function readInputs() {
      var guide = {};
      Object.keys(guideInputs).forEach(function (k) {
        guide[k] = parseIso(guideInputs[k].value);
      });
      return {
        period: {
          constituted: inputs.constituted ? parseIso(inputs.constituted.value) : null,
          council_meeting: inputs.council_meeting ? parseIso(inputs.council_meeting.value) : null
        },
        guide: guide
      };
    }

    function periodName(period) {
      var m = /^(\d{4})(\s*[–-]\s*)(\d{4})$/.exec(baseName.trim());
      if (!m || !base.election || !period.election) {
        return baseName;
      }
      var shift = period.election.y - base.election.y;
      return (+m[1] + shift) + m[2] + (+m[3] + shift);
    }

    function show(period) {
      showDates(doc.querySelector('main'), period);
      if (nameEl) {
        nameEl.textContent = periodName(period);
      }
    }

    function milestoneEvents(period) {
      var host = 'stegvis';
      var url = '';
      var canonical = doc.querySelector('link[rel="canonical"]');
      if (canonical) {
        url = canonical.href;
        try {
          host = new URL(url).host || host;
        } catch (e) {
          /* keep default */
        }
      }
      var guide = slugify((calendar.getAttribute('data-calendar-name') || 'veileder'));
      var guidePath = normalisePath(window.location.pathname).split('/').filter(Boolean);
      if (guidePath.length >= 2) {
        guide = guidePath[guidePath.length - 2];
      }
      var events = [];
      forEach(doc.querySelectorAll('[data-milestone]'), function (li) {
        var time = li.querySelector('time[data-expr]');
        var date = time && evaluate(time.getAttribute('data-expr'), period);
        if (!date) {
          return;
        }
        var title = li.getAttribute('data-milestone');
        var description = '';
        if (li.hasAttribute('data-deadline')) {
          description = calendar.getAttribute('data-deadline-text') || '';
        }
        if (li.hasAttribute('data-legal-label')) {
          description += (description ? ': ' : '') + li.getAttribute('data-legal-label') +
            ' (' + li.getAttribute('data-legal-url') + ')';
        }
        events.push({
          uid: guide + '-' + slugify(title) + '-' + compact(date) + '@' + host,
          date: date,
          summary: title,
          description: description,
          url: url
        });
      });
      return events;
    }

    function updateCalendar(period, custom) {
      if (!customLink) {
        return;
      }
      if (blobUrl) {
        URL.revokeObjectURL(blobUrl);
        blobUrl = null;
      }
      if (!custom || typeof Blob === 'undefined' || !window.URL || !URL.createObjectURL) {
        customLink.hidden = true;
        customLink.removeAttribute('href');
        return;
      }
      var ics = buildCalendar(calendar.getAttribute('data-calendar-name') || '', milestoneEvents(period));
      blobUrl = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
      var guidePath = normalisePath(window.location.pathname).split('/').filter(Boolean);
      var file = (guidePath.length >= 2 ? guidePath[guidePath.length - 2] + '-' : '') + T.calendarFile + '-' + iso(period.constituted) + '.ics';
      customLink.href = blobUrl;
      customLink.setAttribute('download', file);
      customLink.setAttribute('data-ics', '');
      customLink.hidden = false;
    }

    function warnings(period) {
      var w = [];
      if (compare(period.council_meeting, period.deadline) > 0) {
        w.push(T.afterDeadline);
      }
      if (compare(period.council_meeting, period.constituted) < 0) {
        w.push(T.beforeConstituted);
      }
      return w;
    }

    function recompute(opts) {
      var typed = readInputs();
      var input = typed.period;
      var custom = typedAnything(typed);
      var period = resolveDates(cfg, typed);
      show(period);
      updateCalendar(period, custom);
      if (resetBtn) {
        resetBtn.hidden = !custom;
      }
      if (note) {
        note.textContent = custom ? T.note : '';
        note.hidden = !custom;
      }
      if (opts.save && store) {
        if (input.constituted || input.council_meeting) {
          writeJson(store, key, {
            constituted: input.constituted ? iso(input.constituted) : '',
            council_meeting: input.council_meeting ? iso(input.council_meeting) : ''
          });
        } else {
          try {
            store.removeItem(key);
          } catch (e) {
            /* ignore */
          }
        }
        if (guideKey) {
          var own = {};
          Object.keys(typed.guide).forEach(function (k) {
            if (typed.guide[k]) {
              own[k] = iso(typed.guide[k]);
            }
          });
          if (Object.keys(own).length) {
            writeJson(store, guideKey, own);
          } else {
            try {
              store.removeItem(guideKey);
            } catch (e) {
              /* ignore */
            }
          }
        }
      }
      var message = custom ? T.recomputed + formatDate(period.deadline) + '.' : (opts.save ? T.restored : '');
      var w = custom ? warnings(period) : [];
      if (w.length) {
        message += ' ' + w.join(' ');
      }
      if (status) {
        status.textContent = opts.announce || w.length ? message : '';
      }
    }

    /* Restore what the user typed last time. */
    if (store) {
      var saved = savedInput(store, cfg);
      ['constituted', 'council_meeting'].forEach(function (k) {
        if (inputs[k] && saved.period[k]) {
          inputs[k].value = iso(saved.period[k]);
        }
      });
      Object.keys(guideInputs).forEach(function (k) {
        if (saved.guide[k]) {
          guideInputs[k].value = iso(saved.guide[k]);
        }
      });
    }

    var allInputs = Object.keys(inputs).map(function (k) { return inputs[k]; })
      .concat(Object.keys(guideInputs).map(function (k) { return guideInputs[k]; }));
    allInputs.forEach(function (el) {
      if (el) {
        el.addEventListener('change', function () {
          recompute({ save: true, announce: true });
        });
      }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      recompute({ save: true, announce: true });
    });
    if (resetBtn) {
      resetBtn.addEventListener('click', function () {
        allInputs.forEach(function (el) {
          if (el) {
            el.value = '';
          }
        });
        recompute({ save: true, announce: true });
        if (inputs.constituted) {
          inputs.constituted.focus();
        }
      });
    }

    section.hidden = false;
    recompute({ save: false, announce: false });
  }

  var stegvis = {
    normalisePath: normalisePath,
    dates: {
      parseIso: parseIso,
      iso: iso,
      addDays: addDays,
      addMonths: addMonths,
      format: formatDate,
      evaluate: evaluate,
      formatAs: formatAs,
      period: computePeriod,
      resolve: resolveDates
    },
    ics: {
      build: buildCalendar,
      fold: icsFold,
      escape: icsEscape
    },
    checklist: {
      key: checklistKey,
      init: initChecklist
    },
    timeline: {
      init: initTimeline
    }
  };

  function init() {
    wirePrintButtons();
    markPrintUrls();
    wrapTables();
    nameTableRegions();
    enhanceCodeBlocks();
    stegvis.checklist.init();
    stegvis.timeline.init();
    initPageDates();
  }

  window.stegvis = stegvis;

  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
