/* Page helpers every page runs: the live region for status messages,
 * print buttons and the printed addresses of links, wide tables and code
 * blocks made scrollable by keyboard. Touches the DOM only when called. */

/* forEach over a NodeList (or any array-like). */
export function forEach(list, fn) {
  Array.prototype.forEach.call(list, fn);
}

/* One polite live region per page for status messages. */
var liveRegion = null;
/* Made early (at init), so screen readers know the region before it speaks. */
export function ensureLiveRegion() {
  if (!liveRegion) {
    liveRegion = document.createElement('div');
    liveRegion.className = 'visually-hidden';
    liveRegion.setAttribute('aria-live', 'polite');
    liveRegion.setAttribute('aria-atomic', 'true');
    liveRegion.setAttribute('data-live', '');
    document.body.appendChild(liveRegion);
  }
  return liveRegion;
}

export function announce(message) {
  ensureLiveRegion();
  liveRegion.textContent = '';
  /* a new text node after a tick, so repeated messages are read again */
  window.setTimeout(function () {
    liveRegion.textContent = message;
  }, 50);
}

/* Print buttons are hidden without JS; reveal and wire them. */
export function wirePrintButtons() {
  if (typeof window.print !== 'function') {
    return;
  }
  forEach(document.querySelectorAll('[data-print]'), function (btn) {
    btn.hidden = false;
    btn.addEventListener('click', function () {
      window.print();
    });
  });
}

/* Print: write the full address after each link in the content. The print
 * style sheet shows `data-print-url`; without JS it falls back to the
 * `href` of external links. */
export function markPrintUrls() {
  var links = document.querySelectorAll('main .prose a[href], main .law-box a[href], main .milestone a[href], main .period a[href], main .checklist label a[href]');
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
export function wrapTables() {
  forEach(document.querySelectorAll('.prose table'), function (table) {
    var parent = table.parentNode;
    /* stegvis already wraps Markdown tables in .table-scroll */
    if (!parent || table.closest('.table-wrap, .table-scroll')) {
      return;
    }
    var wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    parent.insertBefore(wrap, table);
    wrap.appendChild(table);
    makeScrollableFocusable(wrap, table.querySelector('caption'));
  });
}

/* Scrollable table regions all arrive named "Tabell"; where a page has
 * several, add the heading each one stands under so they can be told apart
 * in a list of landmarks. */
export function nameTableRegions() {
  var regions = document.querySelectorAll('.table-scroll[role="region"][aria-label], .table-wrap[role="region"][aria-label]');
  var counts = {};
  forEach(regions, function (r) {
    var name = r.getAttribute('aria-label');
    counts[name] = (counts[name] || 0) + 1;
  });
  var used = {};
  var headings = document.querySelectorAll('main h1, main h2, main h3, main h4');
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
export function makeScrollableFocusable(el, labelSource) {
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

export function enhanceCodeBlocks() {
  forEach(document.querySelectorAll('pre.code, .prose pre'), function (pre) {
    makeScrollableFocusable(pre, null);
  });
}
