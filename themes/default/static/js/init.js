/* Start-up shared by the entry modules (main.js and the page entries):
 * storage keys of an older script migrated, the page helpers, checklists
 * and the page's dates, with the page's own feature (timeline, status
 * report or privacy page) in the order the old single script ran them;
 * and the small `window.stegvis` surface the browser tests read. Exports
 * start() only; nothing runs on import. */
import { initChecklist } from './checklist.js';
import * as dates from './dates.js';
import { checklistKey, migrateEncodedKeys, normalisePath, registerCycle } from './storage.js';
import { enhanceCodeBlocks, markPrintUrls, nameTableRegions, wirePrintButtons, wrapTables } from './page.js';
import { initPageDates, pageDates } from './pagedates.js';
import { ruleBound } from './rules.js';

/* `features`: {timeline, plan, privacy} (each an init function, run in
 * that place of the order) and `api` (more of the window.stegvis surface). */
export function start(features) {
  var f = features || {};
  var api = {
    normalisePath: normalisePath,
    dates: {
      parseIso: dates.parseIso,
      iso: dates.iso,
      addDays: dates.addDays,
      addMonths: dates.addMonths,
      format: dates.formatDate,
      evaluate: dates.evaluate,
      formatAs: dates.formatAs,
      easterSunday: dates.easterSunday,
      dayOff: dates.dayOff,
      nextWorkingDay: dates.nextWorkingDay,
      ruleBound: ruleBound,
      period: dates.computePeriod,
      resolve: dates.resolveDates
    },
    checklist: {
      key: checklistKey,
      init: initChecklist
    }
  };
  Object.keys(f.api || {}).forEach(function (k) {
    api[k] = f.api[k];
  });
  window.stegvis = api;

  function init() {
    migrateEncodedKeys();
    /* a yearly guide's years, before any key of it is read: from the
       page's dates, or the picker (the checklist page has no dates) */
    pageDates();
    var picker = document.querySelector('[data-year-picker]');
    if (picker) {
      registerCycle(picker.getAttribute('data-guide'),
        (picker.getAttribute('data-years') || '').split(',').map(Number));
      /* loaded only on a yearly guide's pages */
      import('./year.js').then(function (m) {
        m.initYearPicker();
      });
    }
    wirePrintButtons();
    markPrintUrls();
    wrapTables();
    nameTableRegions();
    enhanceCodeBlocks();
    /* loaded only where the footer or the page offers a choice of county */
    if (document.querySelector('[data-help-county], [data-help-picker]')) {
      import('./help.js').then(function (m) {
        m.initHelp();
      });
    }
    initChecklist();
    if (f.timeline) {
      f.timeline();
    }
    initPageDates();
    if (f.plan) {
      f.plan();
    }
    if (f.privacy) {
      f.privacy();
    }
  }

  /* Module scripts run after the document is parsed, as `defer` did. */
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}
