/* Checklists: ticks remembered per guide (`stegvis:sjekk:<guide URL>`),
 * the ids of items from before moved to their new ids, and each step's
 * status in the `.step-status` slots of the guide overview, step pages
 * and the checklist page. */
import { announce, ensureLiveRegion, forEach } from './page.js';
import { checklistKey, normalisePath, readJson, storage, writeJson } from './storage.js';
import { text } from './text.js';

/* Checklist ids were once scoped to the step's file, so renaming the
 * file lost its ticks; now they are scoped to the guide, and every item
 * carries its id from before (`data-check-was` and its kin). Ticks stored
 * under an old id move to the new one. `pairs`: [{step, was, id}] of the
 * items a page knows; `ticks`: {stepUrl: {id: bool}}, changed in place.
 * Returns whether anything moved. */
export function migrateTicks(ticks, pairs) {
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
export function migrateStored(store, key, pairs) {
  var ticks = readJson(store, key);
  if (migrateTicks(ticks, pairs)) {
    writeJson(store, key, ticks);
  }
}

/* Every item of a guide as {step, was, id}, for migrateTicks. */
export function guidePairs(guide) {
  var pairs = [];
  guide.steps.forEach(function (step) {
    step.items.forEach(function (item) {
      pairs.push({ step: step.url, id: item.id, was: item.was });
    });
  });
  return pairs;
}

export function initChecklist() {
  /* data-checklist-guide: templates copied from an older theme */
  var root = document.querySelector('[data-guide-url], [data-checklist-guide]');
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
  forEach(document.querySelectorAll('main input[type="checkbox"][data-check-id]'), function (box) {
    var owner = box.closest('[data-step-url]');
    if (owner) {
      boxes.push({ el: box, step: normalisePath(owner.getAttribute('data-step-url')), id: box.getAttribute('data-check-id'),
        was: box.getAttribute('data-check-was') });
    }
  });
  var pairs = boxes.slice();
  forEach(document.querySelectorAll('.step-status[data-step-url][data-items][data-items-was]'), function (slot) {
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
    forEach(document.querySelectorAll('.step-status[data-step-url][data-total]'), function (slot) {
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
      var hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = T.checklist + ': ';
      var label = document.createElement('span');
      label.className = 'step-status__label';
      label.textContent = s.label;
      var count = document.createElement('span');
      count.className = 'step-status__count';
      count.textContent = s.count;
      slot.appendChild(hidden);
      slot.appendChild(label);
      slot.appendChild(document.createTextNode(' '));
      slot.appendChild(count);
    });
    forEach(document.querySelectorAll('[data-checklist-summary]'), function (p) {
      p.textContent = sumTotal ? T.summary(sumDone, sumTotal) : '';
      p.hidden = !sumTotal;
    });
    forEach(document.querySelectorAll('[data-checklist-progress]'), function (el) {
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

  if (boxes.length || document.querySelector('[data-checklist-reset]')) {
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

  forEach(document.querySelectorAll('[data-checklist-reset]'), function (btn) {
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
