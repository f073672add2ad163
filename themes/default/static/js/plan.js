/* The status report (`[data-plan-guide]`): each step's status, dates and
 * open items from what the reader saved; the plan shared by link
 * (share.js), archived as a JSON file and read back, exported as CSV and
 * .ics, and deleted. exportFile, importFile and buildCsv are pure; the
 * rest touches the page only when called. */
import { evaluate, formatDate, iso, parseIso, resolveDates, typedAnything } from './dates.js';
import { guidePairs, migrateStored, migrateTicks } from './checklist.js';
import { buildCalendar, milestoneEvents } from './ics.js';
import { forEach } from './page.js';
import { pageDates, showDates } from './pagedates.js';
import { decodeShare, encodeShare } from './share.js';
import { cleanName, cleanState, deleteGuideState, emptyState, isObject, isTicked, mergeStates, readState, stateInput, tickCount, typedState, writeState } from './state.js';
import { checklistKey, chosenYear, cycleYears, isProbe, normalisePath, setChosenYear, storage } from './storage.js';
import { text } from './text.js';

var FILE_FORMAT = 'stegvis-prosjektplan';
var FILE_VERSION = 1;

/* The file a state is archived in (JSON with a version). */
export function exportFile(state, guide) {
  return JSON.stringify({
    format: FILE_FORMAT,
    version: FILE_VERSION,
    guide: guide.url,
    title: guide.title,
    exported: new Date().toISOString(),
    municipality: state.municipality,
    period: state.period,
    dates: state.dates,
    ticks: state.ticks,
    year: state.year || undefined,
    county: state.county || undefined
  }, null, 2) + '\n';
}

/* {state}, or {error: 'broken' | 'newer' | 'other', title}. */
export function importFile(text, guide, dateNames) {
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

export function csvField(v) {
  var s = String(v === null || v === undefined ? '' : v);
  /* a cell starting with = + - @ is a formula to a spreadsheet */
  if (/^[=+\-@\t\r]/.test(s)) {
    s = "'" + s;
  }
  return /[";\r\n,]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function stepStatus(state, step, T) {
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

export function buildCsv(state, guide, env, T) {
  /* a yearly guide's rows say which budget year they are for */
  var year = state.year ? [String(state.year)] : [];
  var rows = [(state.year ? [T.csvYear] : []).concat(T.csvHeader)];
  guide.steps.forEach(function (step) {
    var start = step.startExpr ? evaluate(step.startExpr, env) : null;
    var end = step.endExpr ? evaluate(step.endExpr, env) : null;
    var open = step.items.filter(function (item) {
      return !isTicked(state, step, item);
    }).map(function (item) {
      return item.text;
    });
    rows.push(year.concat([step.number, step.title, step.kind === 'lovkrav' ? T.kindLovkrav : T.kindRad,
      start ? iso(start) : '', end ? iso(end) : '', stepStatus(state, step, T).label, open.join('\n')]));
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
  var a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  window.setTimeout(function () {
    URL.revokeObjectURL(href);
    a.remove();
  }, 1000);
  return true;
}

/* The guide as the status page lists it. */
export function readGuide(root) {
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

export function initPlan() {
  var root = document.querySelector('[data-plan-guide]');
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
    if (nameInput && document.activeElement !== nameInput) {
      nameInput.value = state.municipality;
    }
    if (cfg.base) {
      showDates(document.querySelector('main'), env(state));
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
        var label = document.createElement('span');
        label.className = 'status-step__status status-step__status--' + s.key;
        label.textContent = s.label;
        slot.appendChild(label);
        if (s.total) {
          slot.appendChild(document.createTextNode(' (' + T.itemsDone(s.done, s.total) + ')'));
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
    if (state.year) {
      list.push(T.csvYear + ': ' + state.year);
    }
    if (state.county) {
      list.push(T.county + ': ' + state.county);
    }
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
      var ul = document.createElement('ul');
      ul.className = 'plan-notice__list';
      list.forEach(function (line) {
        var li = document.createElement('li');
        li.textContent = line;
        ul.appendChild(li);
      });
      noticeBody.appendChild(ul);
    }
    paragraphs.forEach(function (p) {
      var el = document.createElement('p');
      el.textContent = p;
      noticeBody.appendChild(el);
    });
    noticeActions.hidden = !withChoices;
    if (!withChoices) {
      var close = document.createElement('button');
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
    var years = cycleYears(guide.url);
    if (incoming.year && years.indexOf(incoming.year) < 0) {
      /* another period's budget year: nothing here to put it in */
      fail('year', source, String(incoming.year));
      return;
    }
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
    var message = kind === 'newer' ? T.newerLink : kind === 'other' ? T.otherGuide(title)
      : kind === 'year' ? T.otherYear(title) : source === 'file' ? T.brokenFile : T.brokenLink;
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
        if (incoming.year) {
          /* a yearly guide: merged with what is stored for that year */
          setChosenYear(guide.url, incoming.year);
        }
        writeState(store, guide.url, how === 'merge' ? mergeStates(current(), incoming, guide) : incoming);
        if (incoming.year && cfg.year && incoming.year !== cfg.year && chosenYear(guide.url) === incoming.year) {
          /* the plan of another budget year: the page is read for it */
          window.location.reload();
          return;
        }
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
  window.addEventListener('storage', function (e) {
    if (!isProbe(e.key)) {
      render();
    }
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
