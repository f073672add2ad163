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
 *   - The status report (`[data-plan-guide]`) shows each step's status,
 *     dates and open items from what the reader saved, and shares that
 *     state by link (in the URL fragment) or file, exports it as CSV and
 *     .ics, and deletes it; the privacy page (`[data-storage-control]`)
 *     deletes everything the site stored. See "Project plan" below.
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
      beforeConstituted: 'Obs: kommunestyremøtet ligger før konstitueringen.',
      formkravDone: 'Oppfylt',
      formkravOpen: 'Ikke krysset av',
      ruleOk: 'Holder:',
      ruleBroken: 'Brutt:',
      ruleTight: 'Knapt:',
      ruleTightDetail: function (title, date, plain, careful) {
        return title + ' er ' + date + '. Det holder med den vanlige lesemåten av loven (' + plain +
          '), men ikke med veilederens forsiktige regnemåte (' + careful + '). Flytt datoen hvis dere kan.';
      },
      rulesTight: function (n) {
        return (n === 1 ? 'Én regel' : n + ' regler') + ' holder bare knapt.';
      },
      latest: 'senest',
      earliest: 'tidligst',
      ruleBrokenDetail: function (title, date, demand, otherTitle, other) {
        return title + ' er ' + date + ', men må være ' + demand + ' når ' + otherTitle.toLowerCase() + ' er ' + other + '.';
      },
      rulesBroken: function (n) {
        return 'Obs: ' + (n === 1 ? 'én regel' : n + ' regler') + ' i loven holder ikke med disse datoene. Se «Lovens minstefrister mellom datoene».';
      },
      movedFrom: function (why, date) {
        return why + ' ' + date;
      },
      dayName: function (name) {
        return name;
      },
      calendarFile: 'tidslinje',
      planFile: 'prosjektplan',
      statusNotStarted: 'Ikke startet',
      statusInProgress: 'Pågår',
      statusDone: 'Ferdig',
      noChecklist: 'Ingen sjekkliste',
      openItems: 'Åpne punkter',
      itemsDone: function (d, t) {
        return d + ' av ' + t + ' punkter ferdig';
      },
      kindLovkrav: 'Lovkrav',
      kindRad: 'Råd',
      csvHeader: ['Steg', 'Tittel', 'Type', 'Start', 'Slutt', 'Status', 'Åpne punkter'],
      municipality: 'Kommune',
      constituted: 'Kommunestyret konstituert',
      councilMeeting: 'Kommunestyremøte',
      notGiven: 'ikke oppgitt',
      ticked: function (d, t) {
        return d + ' av ' + t + ' punkter i sjekklisten er krysset av';
      },
      incomingLink: 'Lenken inneholder en prosjektplan',
      incomingFile: 'Filen inneholder en prosjektplan',
      ownNow: 'Lagret i denne nettleseren nå: ',
      ownNothing: 'Ingenting er lagret i denne nettleseren ennå.',
      choiceHelp: 'Erstatt: det som er lagret her, byttes ut med innholdet. Slå sammen: alle avkryssinger fra begge beholdes, og datoer og kommunenavn som allerede er fylt ut her, beholdes. Avbryt: ingenting endres.',
      replaced: 'Prosjektplanen er erstattet med innholdet og lagret i denne nettleseren.',
      merged: 'Prosjektplanene er slått sammen og lagret i denne nettleseren.',
      cancelled: 'Ingenting er endret.',
      brokenLinkTitle: 'Lenken kan ikke leses',
      brokenLink: 'Lenken er ufullstendig eller endret, så den kan ikke brukes. Ingenting er endret. Be om å få lenken på nytt, og pass på at hele lenken kommer med.',
      newerLink: 'Lenken er laget av en nyere versjon av veilederen. Last siden på nytt og prøv igjen. Ingenting er endret.',
      brokenFileTitle: 'Filen kan ikke leses',
      brokenFile: 'Filen er ikke en prosjektplan fra denne veilederen, eller den er skadet. Ingenting er endret.',
      otherGuide: function (title) {
        return 'Filen gjelder en annen veileder' + (title ? ' («' + title + '»)' : '') +
          '. Åpne statusrapporten for den veilederen og hent filen der. Ingenting er endret.';
      },
      close: 'Lukk',
      shareReady: function (n) {
        return 'Lenken er laget (' + n + ' tegn). Kopier den og send den til arbeidsgruppa.';
      },
      copied: 'Lenken er kopiert.',
      copyFailed: 'Lenken kunne ikke kopieres automatisk. Den er merket: kopier den med Ctrl+C (Cmd+C på Mac).',
      exported: 'Filen er lastet ned.',
      confirmDelete: 'Vil du slette det som er lagret i denne nettleseren for denne veilederen: avkryssinger, datoer og kommunens navn? Datoene for valgperioden gjelder alle veilederne på nettstedet og slettes også.',
      deleted: 'Det som var lagret for denne veilederen, er slettet.',
      confirmDeleteAll: 'Vil du slette alt dette nettstedet har lagret i denne nettleseren?',
      deletedAll: 'Alt dette nettstedet hadde lagret i denne nettleseren, er slettet.',
      storedCount: function (n) {
        return n ? 'Dette nettstedet har lagret ' + n + (n === 1 ? ' oppføring' : ' oppføringer') + ' i denne nettleseren.'
          : 'Dette nettstedet har ikke lagret noe i denne nettleseren.';
      },
      noStorage: 'Nettleseren tillater ikke lagring, så ingenting blir lagret her.'
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
      beforeConstituted: 'Merk: kommunestyremøtet ligg før konstitueringa.',
      formkravDone: 'Oppfylt',
      formkravOpen: 'Ikkje kryssa av',
      ruleOk: 'Held:',
      ruleBroken: 'Broten:',
      ruleTight: 'Knapt:',
      ruleTightDetail: function (title, date, plain, careful) {
        return title + ' er ' + date + '. Det held med den vanlege lesemåten av lova (' + plain +
          '), men ikkje med den varsame reknemåten i rettleiaren (' + careful + '). Flytt datoen om de kan.';
      },
      rulesTight: function (n) {
        return (n === 1 ? 'Éin regel' : n + ' reglar') + ' held berre knapt.';
      },
      latest: 'seinast',
      earliest: 'tidlegast',
      ruleBrokenDetail: function (title, date, demand, otherTitle, other) {
        return title + ' er ' + date + ', men må vere ' + demand + ' når ' + otherTitle.toLowerCase() + ' er ' + other + '.';
      },
      rulesBroken: function (n) {
        return 'Merk: ' + (n === 1 ? 'éin regel' : n + ' reglar') + ' i lova held ikkje med desse datoane. Sjå «Minstefristane i lova mellom datoane».';
      },
      movedFrom: function (why, date) {
        return why + ' ' + date;
      },
      dayName: function (name) {
        return { 'lørdag': 'laurdag', 'søndag': 'sundag' }[name] || name;
      },
      calendarFile: 'tidslinje',
      planFile: 'prosjektplan',
      statusNotStarted: 'Ikkje starta',
      statusInProgress: 'Pågår',
      statusDone: 'Ferdig',
      noChecklist: 'Inga sjekkliste',
      openItems: 'Opne punkt',
      itemsDone: function (d, t) {
        return d + ' av ' + t + ' punkt ferdige';
      },
      kindLovkrav: 'Lovkrav',
      kindRad: 'Råd',
      csvHeader: ['Steg', 'Tittel', 'Type', 'Start', 'Slutt', 'Status', 'Opne punkt'],
      municipality: 'Kommune',
      constituted: 'Kommunestyret konstituert',
      councilMeeting: 'Kommunestyremøte',
      notGiven: 'ikkje oppgitt',
      ticked: function (d, t) {
        return d + ' av ' + t + ' punkt i sjekklista er kryssa av';
      },
      incomingLink: 'Lenka inneheld ein prosjektplan',
      incomingFile: 'Fila inneheld ein prosjektplan',
      ownNow: 'Lagra i denne nettlesaren no: ',
      ownNothing: 'Ingenting er lagra i denne nettlesaren enno.',
      choiceHelp: 'Erstatt: det som er lagra her, blir bytt ut med innhaldet. Slå saman: alle avkryssingar frå begge blir behaldne, og datoar og kommunenamn som alt er fylte ut her, blir behaldne. Avbryt: ingenting blir endra.',
      replaced: 'Prosjektplanen er erstatta med innhaldet og lagra i denne nettlesaren.',
      merged: 'Prosjektplanane er slått saman og lagra i denne nettlesaren.',
      cancelled: 'Ingenting er endra.',
      brokenLinkTitle: 'Lenka kan ikkje lesast',
      brokenLink: 'Lenka er ufullstendig eller endra, så ho kan ikkje brukast. Ingenting er endra. Be om å få lenka på nytt, og pass på at heile lenka kjem med.',
      newerLink: 'Lenka er laga av ein nyare versjon av rettleiaren. Last sida på nytt og prøv igjen. Ingenting er endra.',
      brokenFileTitle: 'Fila kan ikkje lesast',
      brokenFile: 'Fila er ikkje ein prosjektplan frå denne rettleiaren, eller ho er skadd. Ingenting er endra.',
      otherGuide: function (title) {
        return 'Fila gjeld ein annan rettleiar' + (title ? ' («' + title + '»)' : '') +
          '. Opne statusrapporten for den rettleiaren og hent fila der. Ingenting er endra.';
      },
      close: 'Lukk',
      shareReady: function (n) {
        return 'Lenka er laga (' + n + ' teikn). Kopier ho og send ho til arbeidsgruppa.';
      },
      copied: 'Lenka er kopiert.',
      copyFailed: 'Lenka kunne ikkje kopierast automatisk. Ho er merkt: kopier ho med Ctrl+C (Cmd+C på Mac).',
      exported: 'Fila er lasta ned.',
      confirmDelete: 'Vil du slette det som er lagra i denne nettlesaren for denne rettleiaren: avkryssingar, datoar og namnet på kommunen? Datoane for valperioden gjeld alle rettleiarane på nettstaden og blir også sletta.',
      deleted: 'Det som var lagra for denne rettleiaren, er sletta.',
      confirmDeleteAll: 'Vil du slette alt denne nettstaden har lagra i denne nettlesaren?',
      deletedAll: 'Alt denne nettstaden hadde lagra i denne nettlesaren, er sletta.',
      storedCount: function (n) {
        return n ? 'Denne nettstaden har lagra ' + n + (n === 1 ? ' oppføring' : ' oppføringar') + ' i denne nettlesaren.'
          : 'Denne nettstaden har ikkje lagra noko i denne nettlesaren.';
      },
      noStorage: 'Nettlesaren tillèt ikkje lagring, så ingenting blir lagra her.'
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

  /* Every stored key is made here: `stegvis:<kind>:<path>`, the path
   * always decoded (normalisePath), so that keys made from an address
   * (encoded: /planlegging-i-s%C3%B8r/) and from a page's data attributes
   * (as written: /planlegging-i-sør/) are the same key. */
  function storeKey(kind, path) {
    return 'stegvis:' + kind + ':' + normalisePath(path);
  }

  function checklistKey(guideUrl) {
    return storeKey('sjekk', guideUrl);
  }

  /* Checklist ids were once scoped to the step's file, so renaming the
   * file lost its ticks; now they are scoped to the guide, and every item
   * carries its id from before (`data-check-was` and its kin). Ticks stored
   * under an old id move to the new one. `pairs`: [{step, was, id}] of the
   * items a page knows; `ticks`: {stepUrl: {id: bool}}, changed in place.
   * Returns whether anything moved. */
  function migrateTicks(ticks, pairs) {
    var moved = false;
    pairs.forEach(function (p) {
      var s = ticks[p.step];
      if (!s || typeof s !== 'object' || !p.was || p.was === p.id ||
          !Object.prototype.hasOwnProperty.call(s, p.was)) {
        return;
      }
      if (!Object.prototype.hasOwnProperty.call(s, p.id)) {
        s[p.id] = s[p.was];
      }
      delete s[p.was];
      moved = true;
    });
    return moved;
  }

  /* migrateTicks on what is stored under `key`, written back if it moved. */
  function migrateStored(store, key, pairs) {
    var ticks = readJson(store, key);
    if (migrateTicks(ticks, pairs)) {
      writeJson(store, key, ticks);
    }
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
        boxes.push({ el: box, step: normalisePath(owner.getAttribute('data-step-url')), id: box.getAttribute('data-check-id'),
          was: box.getAttribute('data-check-was') });
      }
    });
    var pairs = boxes.slice();
    forEach(doc.querySelectorAll('.step-status[data-step-url][data-items][data-items-was]'), function (slot) {
      var step = normalisePath(slot.getAttribute('data-step-url'));
      var now = slot.getAttribute('data-items').split(/\s+/).filter(Boolean);
      var was = slot.getAttribute('data-items-was').split(/\s+/).filter(Boolean);
      now.forEach(function (id, i) {
        /* `-`: an item with no id before (a formal requirement) */
        pairs.push({ step: step, id: id, was: was[i] === '-' ? '' : was[i] });
      });
    });
    migrateStored(store, key, pairs);

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

  /* Working days in Norway, as src/shared/workdays.rs (pinned together by
   * tests/vectors/workdays.json): Saturdays, Sundays and the public
   * holidays are days off; a default or recommended date on one moves to
   * the next working day. */
  function easterSunday(year) {
    var a = year % 19;
    var b = Math.floor(year / 100);
    var c = year % 100;
    var d = Math.floor(b / 4);
    var e = b % 4;
    var f = Math.floor((b + 8) / 25);
    var g = Math.floor((b - f + 1) / 3);
    var h = (19 * a + b - d - g + 15) % 30;
    var i = Math.floor(c / 4);
    var k = c % 4;
    var l = (32 + 2 * e + 2 * i - h - k) % 7;
    var m = Math.floor((a + 11 * h + 22 * l) / 451);
    var n = h + l - 7 * m + 114;
    return { y: year, m: Math.floor(n / 31), d: (n % 31) + 1 };
  }

  var FIXED_HOLIDAYS = { '1-1': 'nyttårsdag', '5-1': '1. mai', '5-17': '17. mai', '12-25': 'første juledag', '12-26': 'andre juledag' };
  var EASTER_HOLIDAYS = { '-3': 'skjærtorsdag', '-2': 'langfredag', '0': 'første påskedag', '1': 'andre påskedag',
    '39': 'Kristi himmelfartsdag', '49': 'første pinsedag', '50': 'andre pinsedag' };

  /* Why `date` is not a working day (the holiday's name, `lørdag`,
   * `søndag`), or null. */
  function dayOff(date) {
    var fixed = FIXED_HOLIDAYS[date.m + '-' + date.d];
    if (fixed) {
      return fixed;
    }
    var offset = Math.round((toUtc(date) - toUtc(easterSunday(date.y))) / 86400000);
    if (Object.prototype.hasOwnProperty.call(EASTER_HOLIDAYS, String(offset))) {
      return EASTER_HOLIDAYS[String(offset)];
    }
    var wd = new Date(toUtc(date)).getUTCDay();
    return wd === 6 ? 'lørdag' : wd === 0 ? 'søndag' : null;
  }

  function nextWorkingDay(date) {
    var d = date;
    for (var i = 0; i < 14 && dayOff(d); i += 1) {
      d = addDays(d, 1);
    }
    return d;
  }

  /* "1. oktober 2024" (the month names are the same in bokmål and nynorsk). */
  function formatDate(date) {
    return date.d + '. ' + MONTHS[date.m - 1] + ' ' + date.y;
  }

  /* `<name>` or `<name> (+|-) <n><unit>`, units d, w, m, y; `env` maps
   * names (the period's and a guide's own) to dates. */
  /* Norwegian names for the period's dates, as src/shared/dates.rs reads
   * them (PERIOD_ALIASES); pages carry the English ones. */
  var PERIOD_ALIASES = {
    valg: 'election', valget: 'election', valgdag: 'election', valgdagen: 'election',
    val: 'election', valet: 'election', valdag: 'election', valdagen: 'election',
    konstituert: 'constituted', konstituering: 'constituted', konstitueringen: 'constituted',
    konstitueringa: 'constituted', 'kommunestyremøte': 'council_meeting',
    'kommunestyremøtet': 'council_meeting', 'møte': 'council_meeting', 'møtet': 'council_meeting',
    frist: 'deadline', fristen: 'deadline', fristdag: 'deadline', fristdagen: 'deadline',
    vedtaksfrist: 'deadline', vedtaksfristen: 'deadline'
  };

  function evaluate(expr, env) {
    var m = /^\s*([a-zæøå][a-zæøå0-9_]*)\s*(?:([+-])\s*(\d+)\s*([dwmy])\s*)?$/.exec(expr || '');
    if (!m) {
      return null;
    }
    var name = m[1];
    /* a guide's own date of that name wins over the Norwegian name */
    if (!(Object.prototype.hasOwnProperty.call(env, name) && env[name]) &&
        Object.prototype.hasOwnProperty.call(PERIOD_ALIASES, name)) {
      name = PERIOD_ALIASES[name];
    } else if (/[æøå]/.test(name)) {
      return null;
    }
    if (!Object.prototype.hasOwnProperty.call(env, name) || !env[name] || name.charAt(0) === '_') {
      return null;
    }
    var base = env[name];
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
    return storeKey('periode', siteBase());
  }

  function guideDatesKey(guideUrl) {
    return storeKey('datoer', guideUrl);
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
    env._moved = {};
    cfg.dates.forEach(function (d) {
      var exact = evaluate(d.expr, env);
      /* a default never falls on a day off: it moves to the next working day */
      var shifted = exact && nextWorkingDay(exact);
      if (!input.guide[d.name] && shifted && compare(shifted, exact) !== 0) {
        env._moved[d.name] = exact;
      }
      env[d.name] = input.guide[d.name] || shifted;
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
    showMoved(root, env);
    checkRules(root, env);
  }

  /* The note beside a guide date whose default was moved off a day off. */
  function showMoved(root, env) {
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

  /* ------------------------------------------------------------------ */
  /* The law's rules between dates                                       */
  /* ------------------------------------------------------------------ */

  /* The last (`last: true`) or first day a rule leaves its date, counted
   * as src/shared/deadlines.rs counts (tests/vectors/workdays.json, `bounds`):
   * «minst N før» leaves N whole days between; «minst N etter» ends on a
   * working day and the date comes after the end. */
  function ruleBound(kind, span, other) {
    if (kind === 'not_after') {
      return { last: true, date: other, plain: other };
    }
    if (kind === 'not_before') {
      return { last: false, date: other, plain: other };
    }
    var shifted = evaluate('x ' + (kind === 'before' ? '- ' : '+ ') + (span || ''), { x: other });
    if (!shifted || (kind !== 'before' && kind !== 'after')) {
      return null;
    }
    /* `plain`: the plain reading (the first day counted, no end moved off
       a day off); a date between the two is «knapt». */
    return kind === 'before' ? { last: true, date: addDays(shifted, -1), plain: shifted } :
      { last: false, date: addDays(nextWorkingDay(shifted), 1), plain: addDays(shifted, 1) };
  }

  /* 'holds', 'tight' or 'broken' (src/shared/deadlines.rs, verdict). */
  function ruleVerdict(b, date) {
    var keeps = function (bound) {
      return b.last ? compare(date, bound) <= 0 : compare(date, bound) >= 0;
    };
    return keeps(b.date) ? 'holds' : keeps(b.plain) ? 'tight' : 'broken';
  }

  /* Checks every rule on the page (`[data-rule]`) against `env` and says
   * beside each whether it holds; marks the date fields of a broken one.
   * Returns how many are broken and how many tight. */
  function checkRules(root, env) {
    var rules = root.querySelectorAll('[data-rule]');
    var count = { broken: 0, tight: 0 };
    if (!rules.length) {
      return count;
    }
    var T = text();
    var invalid = {};
    forEach(rules, function (li) {
      var name = li.getAttribute('data-rule-date');
      var otherName = li.getAttribute('data-rule-other');
      var date = evaluate(name, env);
      var other = evaluate(otherName, env);
      var b = other && ruleBound(li.getAttribute('data-rule-kind'), li.getAttribute('data-rule-span'), other);
      var verdict = li.querySelector('[data-rule-verdict]');
      var detail = li.querySelector('[data-rule-detail]');
      if (!date || !b) {
        li.classList.remove('date-rule--broken', 'date-rule--tight');
        if (verdict) {
          verdict.textContent = '';
        }
        if (detail) {
          detail.textContent = '';
        }
        return;
      }
      var v = ruleVerdict(b, date);
      var title = li.getAttribute('data-rule-date-title') || name;
      var word = b.last ? T.latest : T.earliest;
      var demand = word + ' ' + formatDate(b.date);
      li.classList.toggle('date-rule--broken', v === 'broken');
      li.classList.toggle('date-rule--tight', v === 'tight');
      if (verdict) {
        verdict.textContent = v === 'holds' ? T.ruleOk : v === 'tight' ? T.ruleTight : T.ruleBroken;
      }
      if (detail) {
        detail.textContent = v === 'holds' ? title + ': ' + demand + '.' :
          v === 'tight' ? T.ruleTightDetail(title, formatDate(date), word + ' ' + formatDate(b.plain), demand) :
          T.ruleBrokenDetail(title, formatDate(date), demand, li.getAttribute('data-rule-other-title') || otherName, formatDate(other));
      }
      if (v !== 'holds') {
        count[v] += 1;
        [name, otherName].forEach(function (n) {
          (invalid[n] = invalid[n] || []).push(li.id);
        });
      }
    });
    /* The date fields the broken rules concern: aria-invalid, and the
       rule's words read with the field. */
    forEach(doc.querySelectorAll('[data-period-input], [data-guide-date-input]'), function (input) {
      var n = input.getAttribute('data-period-input') || input.getAttribute('data-guide-date-input');
      var own = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) {
        return id && !/^sv-regel-/.test(id);
      });
      if (invalid[n]) {
        /* a broken rule marks the field invalid; a tight one only describes it */
        var broken = invalid[n].some(function (id) {
          var li = doc.getElementById(id);
          return li && li.classList.contains('date-rule--broken');
        });
        if (broken) {
          input.setAttribute('aria-invalid', 'true');
        } else {
          input.removeAttribute('aria-invalid');
        }
        input.setAttribute('aria-describedby', own.concat(invalid[n]).join(' '));
      } else {
        input.removeAttribute('aria-invalid');
        input.setAttribute('aria-describedby', own.join(' '));
      }
    });
    return count;
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
    /* no meeting typed: a working day four weeks before the deadline
       (src/shared/dates.rs, default_council_meeting) */
    var planned = nextWorkingDay(addDays(deadline, -28));
    var meeting = input.council_meeting || (input.constituted ? planned : base.council_meeting || planned);
    return {
      election: election,
      constituted: constituted,
      deadline: deadline,
      council_meeting: meeting,
      /* 30 whole days between publication and the meeting, neither counted */
      public_notice_by: addDays(meeting, -31)
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

  /* As src/shared/slug.rs (deunicode): letters that do not decompose are
   * spelt out (æ ae, ø o, đ d, ŋ ng, ß ss, ł l …), compatibility forms
   * split (ﬁ fi, ² 2), accents dropped; pinned by tests/vectors/slugs.json. */
  function slugify(s) {
    var spelt = { 'æ': 'ae', 'ø': 'o', 'å': 'a', 'đ': 'd', 'ð': 'd', 'ŋ': 'ng', 'ŧ': 't', 'ß': 'ss',
      'ł': 'l', 'þ': 'th', 'œ': 'oe', 'ħ': 'h', 'ı': 'i' };
    return s.toLowerCase()
      .replace(/[æøåđðŋŧßłþœħı]/g, function (c) { return spelt[c]; })
      .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
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

  /* The milestones on the page (`[data-milestone]` with a `time[data-expr]`)
   * as calendar events at the dates of `period`; `calendar` is the element
   * with the calendar's name and the deadline text. */
  function milestoneEvents(calendar, period) {
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
      var ics = buildCalendar(calendar.getAttribute('data-calendar-name') || '', milestoneEvents(calendar, period));
      blobUrl = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
      var guidePath = normalisePath(window.location.pathname).split('/').filter(Boolean);
      var file = (guidePath.length >= 2 ? guidePath[guidePath.length - 2] + '-' : '') + T.calendarFile + '-' + iso(period.constituted) + '.ics';
      customLink.href = blobUrl;
      customLink.setAttribute('download', file);
      customLink.setAttribute('data-ics', '');
      customLink.hidden = false;
    }

    /* The law's rules are checked by showDates (checkRules); here only
       what is no rule of law but surely a typing mistake. */
    function warnings(period) {
      var w = [];
      var rules = checkRules(doc.querySelector('main'), period);
      if (rules.broken) {
        w.push(T.rulesBroken(rules.broken));
      }
      if (rules.tight) {
        w.push(T.rulesTight(rules.tight));
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

  /* ------------------------------------------------------------------ */
  /* Project plan: one saved state per guide, shared by link or file     */
  /* ------------------------------------------------------------------ */

  /* A guide's state is what the reader saved, under the keys the rest of
   * the script already uses (so existing ticks and dates are part of it):
   *   stegvis:sjekk:<guide URL>    ticks {stepUrl: {itemId: bool}}
   *   stegvis:periode:<site base>  {constituted, council_meeting}
   *   stegvis:datoer:<guide URL>   the guide's own named dates
   *   stegvis:plan:<guide URL>     {municipality}
   * In the script it is one object:
   *   {municipality, period: {constituted, council_meeting}, dates: {name: iso},
   *    ticks: {stepUrl: {id: bool}}}
   * A share link is `#del=1.<meta>.<ticks>.<crc>`: `meta` the municipality
   * and dates as base64url JSON, `ticks` the first three bytes of every
   * ticked item's id, base64url, `crc` a CRC-32 of what comes before it, so
   * a changed or cut-off link is recognised. The fragment never reaches a
   * server. */

  var SHARE_PARAM = 'del=';
  var SHARE_VERSION = 1;
  var FILE_FORMAT = 'stegvis-prosjektplan';
  var FILE_VERSION = 1;
  var MAX_NAME = 100;
  var ID_BYTES = 3;

  function planKey(guideUrl) {
    return storeKey('plan', guideUrl);
  }

  function isObject(v) {
    return !!v && typeof v === 'object' && !Array.isArray(v);
  }

  function cleanName(v) {
    return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME) : '';
  }

  function cleanIso(v) {
    var d = typeof v === 'string' ? parseIso(v) : null;
    return d ? iso(d) : '';
  }

  /* Only {stepUrl: {id: bool}} survives; anything else is left out. */
  function cleanTicks(v) {
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

  function emptyState() {
    return { municipality: '', period: { constituted: '', council_meeting: '' }, dates: {}, ticks: {} };
  }

  function cleanState(raw, dateNames) {
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
    return state;
  }

  function readState(store, guideUrl, dateNames) {
    return cleanState({
      municipality: readJson(store, planKey(guideUrl)).municipality,
      period: readJson(store, periodKey()),
      dates: readJson(store, guideDatesKey(guideUrl)),
      ticks: readJson(store, checklistKey(guideUrl))
    }, dateNames);
  }

  function removeKey(store, key) {
    try {
      store.removeItem(key);
    } catch (e) {
      /* ignore */
    }
  }

  /* Writes a state under its keys; an empty part removes its key. */
  function writeState(store, guideUrl, state) {
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

  function deleteGuideState(store, guideUrl) {
    [planKey(guideUrl), periodKey(), guideDatesKey(guideUrl), checklistKey(guideUrl)].forEach(function (k) {
      removeKey(store, k);
    });
  }

  /* Every key this site stored: `stegvis:<kind>:<path under the site>`,
   * paths compared decoded (keys stored by an older script may be either). */
  function siteKeys(store) {
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

  /* Is an item ticked: as stored, else as written in the Markdown. */
  function isTicked(state, step, item) {
    var s = state.ticks[step.url];
    return s && Object.prototype.hasOwnProperty.call(s, item.id) ? s[item.id] === true : item.preset;
  }

  function tickCount(state, guide) {
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

  function typedState(state) {
    return !!(state.municipality || state.period.constituted || state.period.council_meeting ||
      Object.keys(state.dates).length) || Object.keys(state.ticks).some(function (step) {
      return Object.keys(state.ticks[step]).length > 0;
    });
  }

  /* The dates in the form `resolveDates` takes. */
  function stateInput(state, cfg) {
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
  function mergeStates(own, theirs, guide) {
    var out = cleanState(JSON.parse(JSON.stringify(own)), Object.keys(own.dates).concat(Object.keys(theirs.dates)));
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

  /* --- encoding ------------------------------------------------------ */

  function utf8Bytes(s) {
    return new TextEncoder().encode(s);
  }

  function b64url(bytes) {
    var bin = '';
    for (var i = 0; i < bytes.length; i += 1) {
      bin += String.fromCharCode(bytes[i]);
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /* Throws on anything that is not base64url. */
  function fromB64url(s) {
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
  function crc32(s) {
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

  function idPrefix(id) {
    return /^[0-9a-f]{6}/i.test(id) ? id.slice(0, ID_BYTES * 2).toLowerCase() : null;
  }

  /* The fragment (without `#`) that carries `state`. */
  function encodeShare(state, guide) {
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
  function decodeShare(fragment, guide, dateNames) {
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
      dates: isObject(meta.d) ? meta.d : {}
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

  /* The file a state is archived in (JSON with a version). */
  function exportFile(state, guide) {
    return JSON.stringify({
      format: FILE_FORMAT,
      version: FILE_VERSION,
      guide: guide.url,
      title: guide.title,
      exported: new Date().toISOString(),
      municipality: state.municipality,
      period: state.period,
      dates: state.dates,
      ticks: state.ticks
    }, null, 2) + '\n';
  }

  /* {state}, or {error: 'broken' | 'newer' | 'other', title}. */
  function importFile(text, guide, dateNames) {
    var raw;
    try {
      raw = JSON.parse(String(text).replace(/^\uFEFF/, ''));
    } catch (e) {
      return { error: 'broken' };
    }
    if (!isObject(raw) || raw.format !== FILE_FORMAT || typeof raw.version !== 'number') {
      return { error: 'broken' };
    }
    if (raw.version > FILE_VERSION) {
      return { error: 'newer' };
    }
    if (typeof raw.guide !== 'string' || normalisePath(raw.guide) !== normalisePath(guide.url)) {
      return { error: 'other', title: typeof raw.title === 'string' ? raw.title.slice(0, 200) : '' };
    }
    var state = cleanState(raw, dateNames);
    migrateTicks(state.ticks, guidePairs(guide));
    var known = {};
    guide.steps.forEach(function (step) {
      known[step.url] = true;
    });
    Object.keys(state.ticks).forEach(function (step) {
      if (!known[step]) {
        delete state.ticks[step];
      }
    });
    return { state: state };
  }

  /* --- CSV (RFC 4180, `;` as Norwegian Excel expects, UTF-8 with BOM) --- */

  function csvField(v) {
    var s = String(v === null || v === undefined ? '' : v);
    /* a cell starting with = + - @ is a formula to a spreadsheet */
    if (/^[=+\-@\t\r]/.test(s)) {
      s = "'" + s;
    }
    return /[";\r\n,]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function stepStatus(state, step, T) {
    var done = 0;
    step.items.forEach(function (item) {
      if (isTicked(state, step, item)) {
        done += 1;
      }
    });
    var total = step.items.length;
    var key = total === 0 ? 'none' : done === 0 ? 'not-started' : done >= total ? 'done' : 'in-progress';
    var label = { none: T.noChecklist, 'not-started': T.statusNotStarted, done: T.statusDone, 'in-progress': T.statusInProgress }[key];
    return { key: key, label: label, done: done, total: total };
  }

  function buildCsv(state, guide, env, T) {
    var rows = [T.csvHeader];
    guide.steps.forEach(function (step) {
      var start = step.startExpr ? evaluate(step.startExpr, env) : null;
      var end = step.endExpr ? evaluate(step.endExpr, env) : null;
      var open = step.items.filter(function (item) {
        return !isTicked(state, step, item);
      }).map(function (item) {
        return item.text;
      });
      rows.push([step.number, step.title, step.kind === 'lovkrav' ? T.kindLovkrav : T.kindRad,
        start ? iso(start) : '', end ? iso(end) : '', stepStatus(state, step, T).label, open.join('\n')]);
    });
    return '\uFEFF' + rows.map(function (r) {
      return r.map(csvField).join(';');
    }).join('\r\n') + '\r\n';
  }

  function downloadFile(name, text, type) {
    if (typeof Blob === 'undefined' || !window.URL || !URL.createObjectURL) {
      return false;
    }
    var href = URL.createObjectURL(new Blob([text], { type: type }));
    var a = doc.createElement('a');
    a.href = href;
    a.download = name;
    a.hidden = true;
    doc.body.appendChild(a);
    a.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(href);
      a.remove();
    }, 1000);
    return true;
  }

  /* Every item of a guide as {step, was, id}, for migrateTicks. */
  function guidePairs(guide) {
    var pairs = [];
    guide.steps.forEach(function (step) {
      step.items.forEach(function (item) {
        pairs.push({ step: step.url, id: item.id, was: item.was });
      });
    });
    return pairs;
  }

  /* The guide as the status page lists it. */
  function readGuide(root) {
    var steps = [];
    forEach(root.querySelectorAll('[data-plan-step]'), function (el) {
      var items = [];
      forEach(el.querySelectorAll('[data-plan-item]'), function (li) {
        items.push({ id: li.getAttribute('data-plan-item'), was: li.getAttribute('data-plan-was'),
          preset: li.hasAttribute('data-plan-preset'),
          text: (li.textContent || '').replace(/\s+/g, ' ').trim(), el: li });
      });
      var start = el.querySelector('time[data-plan-start]');
      var end = el.querySelector('time[data-plan-end]');
      steps.push({
        el: el,
        url: normalisePath(el.getAttribute('data-plan-step')),
        number: el.getAttribute('data-step-number'),
        title: el.getAttribute('data-step-title'),
        kind: el.getAttribute('data-step-kind'),
        startExpr: start && start.getAttribute('data-expr'),
        endExpr: end && end.getAttribute('data-expr'),
        items: items
      });
    });
    /* The formal requirements, listed apart («Formkrav før og etter vedtak»), are
     * items of their steps: ticked, counted and shared with them. */
    forEach(root.querySelectorAll('[data-plan-formkrav-of]'), function (li) {
      var url = normalisePath(li.getAttribute('data-plan-formkrav-of'));
      steps.forEach(function (step) {
        if (step.url === url) {
          step.items.push({ id: li.getAttribute('data-plan-item'), was: '', preset: false, formkrav: true,
            text: (li.textContent || '').replace(/\s+/g, ' ').trim(), el: li });
        }
      });
    });
    return { url: root.getAttribute('data-plan-guide'), title: root.getAttribute('data-plan-title') || '', steps: steps };
  }

  function guideSlug(guide) {
    var parts = normalisePath(guide.url).split('/').filter(Boolean);
    return parts.length ? parts[parts.length - 1] : 'veileder';
  }

  function today() {
    var now = new Date();
    return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  }

  function initPlan() {
    var root = doc.querySelector('[data-plan-guide]');
    if (!root) {
      return;
    }
    var T = text();
    var store = storage();
    var guide = readGuide(root);
    if (store) {
      migrateStored(store, checklistKey(guide.url), guidePairs(guide));
    }
    var cfg = pageDates() || { base: null, dates: [] };
    var dateNames = cfg.dates.map(function (d) {
      return d.name;
    });
    var tools = root.querySelector('[data-plan-tools]');
    var status = root.querySelector('[data-plan-status]');
    var nameInput = root.querySelector('[data-plan-municipality]');
    var shareBox = root.querySelector('[data-plan-share-box]');
    var shareLink = root.querySelector('[data-plan-share-link]');
    var notice = root.querySelector('[data-plan-incoming]');
    var noticeHeading = root.querySelector('[data-plan-incoming-heading]');
    var noticeBody = root.querySelector('[data-plan-incoming-body]');
    var noticeActions = root.querySelector('[data-plan-incoming-actions]');
    var fileInput = root.querySelector('[data-plan-import-file]');
    var calendar = root.querySelector('[data-calendar]');
    var pending = null;

    function say(message) {
      if (status) {
        status.textContent = '';
        window.setTimeout(function () {
          status.textContent = message;
        }, 50);
      }
    }

    function current() {
      return store ? readState(store, guide.url, dateNames) : emptyState();
    }

    function env(state) {
      return cfg.base ? resolveDates(cfg, stateInput(state, cfg)) : {};
    }

    function render() {
      var state = current();
      forEach(root.querySelectorAll('[data-plan-municipality-text]'), function (el) {
        el.textContent = state.municipality;
        el.classList.toggle('status-report__blank', !state.municipality);
      });
      forEach(root.querySelectorAll('[data-plan-today]'), function (el) {
        el.textContent = formatDate(today());
        el.classList.remove('status-report__blank');
      });
      if (nameInput && doc.activeElement !== nameInput) {
        nameInput.value = state.municipality;
      }
      if (cfg.base) {
        showDates(doc.querySelector('main'), env(state));
      }
      var input = stateInput(state, cfg);
      var note = root.querySelector('[data-plan-dates-note]');
      if (note) {
        note.hidden = !typedAnything(input);
      }
      guide.steps.forEach(function (step) {
        var s = stepStatus(state, step, T);
        var slot = step.el.querySelector('[data-plan-status-text]');
        if (slot) {
          slot.innerHTML = '';
          var label = doc.createElement('span');
          label.className = 'status-step__status status-step__status--' + s.key;
          label.textContent = s.label;
          slot.appendChild(label);
          if (s.total) {
            slot.appendChild(doc.createTextNode(' (' + T.itemsDone(s.done, s.total) + ')'));
          }
        }
        var open = 0;
        step.items.forEach(function (item) {
          var ticked = isTicked(state, step, item);
          if (item.formkrav) {
            /* every requirement stays listed, its state in words */
            var st = item.el.querySelector('[data-plan-formkrav-state]');
            if (st) {
              st.textContent = ticked ? T.formkravDone : T.formkravOpen;
            }
            item.el.classList.toggle('formkrav-status__item--done', ticked);
            return;
          }
          item.el.hidden = ticked;
          if (!ticked) {
            open += 1;
          }
        });
        var heading = step.el.querySelector('[data-plan-open-heading]');
        if (heading) {
          heading.textContent = T.openItems;
          heading.hidden = open === 0;
        }
        var none = step.el.querySelector('[data-plan-none]');
        if (none) {
          none.hidden = open !== 0;
        }
      });
    }

    function datesSummary(state) {
      var list = [];
      var named = {};
      cfg.dates.forEach(function (d) {
        named[d.name] = d.title;
      });
      var show = function (v) {
        var d = parseIso(v);
        return d ? formatDate(d) : T.notGiven;
      };
      list.push(T.municipality + ': ' + (state.municipality || T.notGiven));
      list.push(T.constituted + ': ' + show(state.period.constituted));
      list.push(T.councilMeeting + ': ' + show(state.period.council_meeting));
      Object.keys(state.dates).forEach(function (k) {
        list.push((named[k] || k) + ': ' + show(state.dates[k]));
      });
      return list;
    }

    function hideNotice() {
      pending = null;
      if (notice) {
        notice.hidden = true;
        noticeBody.innerHTML = '';
      }
    }

    function clearHash() {
      if (/^#del=/.test(window.location.hash) && window.history && history.replaceState) {
        history.replaceState(null, '', window.location.pathname + window.location.search);
      }
    }

    /* The notice above the tools: what a link or file holds (a list), a
     * few sentences, and either the three choices or a close button. */
    function showNotice(heading, list, paragraphs, withChoices) {
      noticeHeading.textContent = heading;
      noticeBody.innerHTML = '';
      if (list) {
        var ul = doc.createElement('ul');
        ul.className = 'plan-notice__list';
        list.forEach(function (line) {
          var li = doc.createElement('li');
          li.textContent = line;
          ul.appendChild(li);
        });
        noticeBody.appendChild(ul);
      }
      paragraphs.forEach(function (p) {
        var el = doc.createElement('p');
        el.textContent = p;
        noticeBody.appendChild(el);
      });
      noticeActions.hidden = !withChoices;
      if (!withChoices) {
        var close = doc.createElement('button');
        close.type = 'button';
        close.className = 'button button--secondary';
        close.textContent = T.close;
        close.addEventListener('click', function () {
          hideNotice();
          clearHash();
          if (tools) {
            tools.focus();
          }
        });
        noticeBody.appendChild(close);
      }
      notice.classList.toggle('plan-notice--error', !withChoices);
      notice.hidden = false;
      notice.focus();
    }

    function offer(incoming, source) {
      pending = incoming;
      var own = current();
      var counts = tickCount(incoming, guide);
      var ownCounts = tickCount(own, guide);
      var lines = datesSummary(incoming);
      lines.push(T.ticked(counts.done, counts.total) + '.');
      var ownLine = typedState(own)
        ? T.ownNow + [own.municipality || null, T.ticked(ownCounts.done, ownCounts.total)].filter(Boolean).join(', ') + '.'
        : T.ownNothing;
      showNotice(source === 'file' ? T.incomingFile : T.incomingLink, lines, [ownLine, T.choiceHelp], true);
    }

    function fail(kind, source, title) {
      pending = null;
      var heading = source === 'file' ? T.brokenFileTitle : T.brokenLinkTitle;
      var message = kind === 'newer' ? T.newerLink : kind === 'other' ? T.otherGuide(title) : source === 'file' ? T.brokenFile : T.brokenLink;
      showNotice(heading, null, [message], false);
    }

    function readHash() {
      var hash = window.location.hash || '';
      if (!/^#del=/.test(hash)) {
        return;
      }
      var result = decodeShare(hash, guide, dateNames);
      if (result.error) {
        fail(result.error, 'link');
      } else {
        offer(result.state, 'link');
      }
    }

    forEach(root.querySelectorAll('[data-plan-accept]'), function (btn) {
      btn.addEventListener('click', function () {
        var how = btn.getAttribute('data-plan-accept');
        var incoming = pending;
        hideNotice();
        clearHash();
        if (incoming && store && how !== 'cancel') {
          writeState(store, guide.url, how === 'merge' ? mergeStates(current(), incoming, guide) : incoming);
          render();
          say(how === 'merge' ? T.merged : T.replaced);
        } else {
          say(incoming && !store && how !== 'cancel' ? T.noStorage : T.cancelled);
        }
        if (tools) {
          tools.focus();
        }
      });
    });

    if (nameInput) {
      nameInput.addEventListener('input', function () {
        if (!store) {
          return;
        }
        var state = current();
        state.municipality = cleanName(nameInput.value);
        writeState(store, guide.url, state);
        render();
      });
    }

    var shareBtn = root.querySelector('[data-plan-share]');
    if (shareBtn) {
      shareBtn.addEventListener('click', function () {
        var link = window.location.origin + window.location.pathname + '#' + encodeShare(current(), guide);
        shareLink.value = link;
        shareBox.hidden = false;
        shareLink.focus();
        shareLink.select();
        say(T.shareReady(link.length));
      });
    }

    var copyBtn = root.querySelector('[data-plan-copy]');
    if (copyBtn) {
      copyBtn.addEventListener('click', function () {
        var done = function () {
          say(T.copied);
        };
        var failed = function () {
          shareLink.focus();
          shareLink.select();
          say(T.copyFailed);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(shareLink.value).then(done, failed);
        } else {
          failed();
        }
      });
    }

    forEach(root.querySelectorAll('[data-plan-export]'), function (btn) {
      btn.addEventListener('click', function () {
        var kind = btn.getAttribute('data-plan-export');
        var state = current();
        var stamp = iso(today());
        var ok;
        if (kind === 'csv') {
          ok = downloadFile(guideSlug(guide) + '-' + T.planFile + '-' + stamp + '.csv', buildCsv(state, guide, env(state), T), 'text/csv;charset=utf-8');
        } else if (kind === 'ics') {
          var period = env(state);
          ok = calendar && period.constituted && downloadFile(guideSlug(guide) + '-' + T.calendarFile + '-' + iso(period.constituted) + '.ics',
            buildCalendar(calendar.getAttribute('data-calendar-name') || guide.title, milestoneEvents(calendar, period)), 'text/calendar;charset=utf-8');
        } else {
          ok = downloadFile(guideSlug(guide) + '-' + T.planFile + '-' + stamp + '.json', exportFile(state, guide), 'application/json');
        }
        if (ok) {
          say(T.exported);
        }
      });
    });

    var importBtn = root.querySelector('[data-plan-import]');
    if (importBtn && fileInput && typeof FileReader !== 'undefined') {
      importBtn.addEventListener('click', function () {
        fileInput.value = '';
        fileInput.click();
      });
      fileInput.addEventListener('change', function () {
        var file = fileInput.files && fileInput.files[0];
        if (!file) {
          return;
        }
        var reader = new FileReader();
        reader.onload = function () {
          var result = importFile(reader.result, guide, dateNames);
          if (result.error) {
            fail(result.error, 'file', result.title);
          } else {
            offer(result.state, 'file');
          }
        };
        reader.onerror = function () {
          fail('broken', 'file');
        };
        reader.readAsText(file, 'utf-8');
      });
    } else if (importBtn) {
      importBtn.hidden = true;
    }

    var deleteBtn = root.querySelector('[data-plan-delete]');
    if (deleteBtn) {
      deleteBtn.addEventListener('click', function () {
        if (typeof window.confirm === 'function' && !window.confirm(T.confirmDelete)) {
          return;
        }
        if (store) {
          deleteGuideState(store, guide.url);
        }
        if (shareBox) {
          shareBox.hidden = true;
          shareLink.value = '';
        }
        render();
        say(T.deleted);
      });
    }

    window.addEventListener('hashchange', readHash);
    window.addEventListener('storage', function () {
      render();
    });

    if (tools) {
      tools.hidden = false;
      tools.setAttribute('tabindex', '-1');
    }
    if (!store && tools) {
      say(T.noStorage);
    }
    render();
    readHash();
  }

  /* The privacy page: what this site stored here, and a button to delete it. */
  function initPrivacy() {
    var box = doc.querySelector('[data-storage-control]');
    if (!box) {
      return;
    }
    var T = text();
    var store = storage();
    var btn = box.querySelector('[data-storage-delete-all]');
    var status = box.querySelector('[data-storage-status]');
    var count = box.querySelector('[data-storage-count]');
    function show() {
      if (count) {
        count.textContent = store ? T.storedCount(siteKeys(store).length) : T.noStorage;
      }
    }
    if (btn) {
      btn.addEventListener('click', function () {
        if (typeof window.confirm === 'function' && !window.confirm(T.confirmDeleteAll)) {
          return;
        }
        if (store) {
          siteKeys(store).forEach(function (k) {
            removeKey(store, k);
          });
        }
        show();
        if (status) {
          status.textContent = '';
          window.setTimeout(function () {
            status.textContent = T.deletedAll;
          }, 50);
        }
      });
    }
    window.addEventListener('storage', show);
    box.hidden = false;
    show();
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
      easterSunday: easterSunday,
      dayOff: dayOff,
      nextWorkingDay: nextWorkingDay,
      ruleBound: ruleBound,
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
    },
    plan: {
      encode: encodeShare,
      decode: decodeShare,
      merge: mergeStates,
      csv: buildCsv,
      crc32: crc32,
      init: initPlan
    }
  };

  /* Keys an older script stored with an encoded path
   * (`stegvis:periode:/planlegging-i-s%C3%B8r/`) move to the decoded key
   * every part of the script now reads. */
  function migrateEncodedKeys() {
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

  function init() {
    migrateEncodedKeys();
    wirePrintButtons();
    markPrintUrls();
    wrapTables();
    nameTableRegions();
    enhanceCodeBlocks();
    stegvis.checklist.init();
    stegvis.timeline.init();
    initPageDates();
    stegvis.plan.init();
    initPrivacy();
  }

  window.stegvis = stegvis;

  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
