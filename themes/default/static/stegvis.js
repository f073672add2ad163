/* stegvis default theme — progressive enhancement only (ES2017, no dependencies).
 * Every page works without this file. Loaded with `defer`, so the DOM is ready.
 *
 * Hooks left for later features (not implemented here):
 *   - Checklist persistence: checkboxes carry `data-check-id` (stable id) and
 *     sit in `ul.checklist` (step pages) or `.checklist-page` (checklist page,
 *     `data-checklist-guide` = guide URL). Status slots to fill are
 *     `.step-status[data-step-url][data-total]` (guide overview, step page,
 *     checklist page). Implement in `stegvis.checklist.init()` below.
 *   - Timeline recompute: the period box is `[data-timeline-period]` and its
 *     dates are `<time data-anchor="election|constituted|council_meeting|deadline">`.
 *     Implement in `stegvis.timeline.init()` below.
 */
(function () {
  'use strict';

  var doc = document;

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

  /* Mark the current page's link in the guide navigation. */
  function markCurrentStep() {
    var here = normalisePath(window.location.pathname);
    var links = doc.querySelectorAll('.guide-nav a[href]');
    Array.prototype.forEach.call(links, function (a) {
      if (normalisePath(a.pathname) === here) {
        a.setAttribute('aria-current', 'page');
      } else if (a.getAttribute('aria-current') === 'page') {
        a.removeAttribute('aria-current');
      }
    });
  }

  /* Print buttons are hidden without JS; reveal and wire them. */
  function wirePrintButtons() {
    if (typeof window.print !== 'function') {
      return;
    }
    var buttons = doc.querySelectorAll('[data-print]');
    Array.prototype.forEach.call(buttons, function (btn) {
      btn.hidden = false;
      btn.addEventListener('click', function () {
        window.print();
      });
    });
  }

  /* Wide tables scroll inside their own keyboard-focusable region instead of
   * making the whole page scroll sideways (WCAG 1.4.10 reflow). */
  function wrapTables() {
    var tables = doc.querySelectorAll('.prose table');
    Array.prototype.forEach.call(tables, function (table) {
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
    var blocks = doc.querySelectorAll('pre.code, .prose pre');
    Array.prototype.forEach.call(blocks, function (pre) {
      makeScrollableFocusable(pre, null);
    });
  }

  var stegvis = {
    normalisePath: normalisePath,
    checklist: {
      /* Hook: restore and save checkbox state (e.g. localStorage keyed by
       * data-check-id) and fill .step-status slots. Not implemented yet. */
      init: function () {}
    },
    timeline: {
      /* Hook: recompute dates from the user's own election/constitution date.
       * Not implemented yet. */
      init: function () {}
    }
  };

  function init() {
    markCurrentStep();
    wirePrintButtons();
    wrapTables();
    enhanceCodeBlocks();
    stegvis.checklist.init();
    stegvis.timeline.init();
  }

  window.stegvis = stegvis;

  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
