/* The timeline page: the period's and the guide's dates typed in its
 * form, every date of the page recomputed from them, the warnings, and the
 * calendar file with the user's dates made in the browser. */
import { compare, formatDate, iso, parseIso, resolveDates, typedAnything } from './dates.js';
import { buildCalendar, milestoneEvents } from './ics.js';
import { forEach } from './page.js';
import { pageDates, savedInput, showDates } from './pagedates.js';
import { checkRules } from './rules.js';
import { guideDatesKey, normalisePath, periodKey, storage, writeJson } from './storage.js';
import { text } from './text.js';

export function initTimeline() {
  var box = document.querySelector('[data-timeline-period]');
  var section = document.querySelector('[data-timeline-form-section]');
  var form = document.querySelector('[data-timeline-form]');
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
  var calendar = document.querySelector('[data-calendar]');
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
    showDates(document.querySelector('main'), period);
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
    var file = (guidePath.length >= 2 ? guidePath[guidePath.length - 2] + '-' : '') + T.calendarFile + '-' +
      (cfg.year ? String(cfg.year) : iso(period.constituted)) + '.ics';
    customLink.href = blobUrl;
    customLink.setAttribute('download', file);
    customLink.setAttribute('data-ics', '');
    customLink.hidden = false;
  }

  /* The law's rules are checked by showDates (checkRules); here only
     what is no rule of law but surely a typing mistake. */
  function warnings(period) {
    var w = [];
    var rules = checkRules(document.querySelector('main'), period);
    if (rules.broken) {
      w.push(T.rulesBroken(rules.broken));
    }
    if (rules.tight) {
      w.push(T.rulesTight(rules.tight));
    }
    if (!cfg.year && compare(period.council_meeting, period.constituted) < 0) {
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
    var message = !custom ? (opts.save ? T.restored : '')
      : cfg.year ? T.recomputedYear + cfg.year + '.'
        : T.recomputed + formatDate(period.deadline) + '.';
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
