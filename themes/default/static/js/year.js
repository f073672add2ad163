/* A yearly guide's budget year (`cycle: yearly`): the picker on its pages
 * (`[data-year-picker]`) shows which year the dates and the checklist are
 * for, and stores the reader's choice (storage.js: setChosenYear); every
 * page of the guide then reads and ticks that year. Showing another year
 * (the form's button) loads the page again, so that every part of it (ticks, dates, the
 * status report) is read for the new year. */
import { forEach } from './page.js';
import { chosenYear, cycleYears, setChosenYear } from './storage.js';
import { text } from './text.js';

export function initYearPicker() {
  forEach(document.querySelectorAll('[data-year-picker]'), function (box) {
    var guide = box.getAttribute('data-guide');
    var years = cycleYears(guide);
    if (!years.length) {
      return;
    }
    var year = chosenYear(guide);
    forEach(document.querySelectorAll('[data-cycle-year]'), function (el) {
      el.textContent = String(year);
    });
    var form = box.querySelector('[data-year-form]');
    var select = box.querySelector('[data-year-select]');
    var status = box.querySelector('[data-year-status]');
    if (!form || !select) {
      return;
    }
    select.value = String(year);
    form.hidden = false;
    /* The page loads again only when the reader asks (WCAG 3.2.2: no
       change of context on input; arrowing through the list changes it). */
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var next = parseInt(select.value, 10);
      if (next === year) {
        return;
      }
      if (!setChosenYear(guide, next)) {
        if (status) {
          status.textContent = text().yearNotStored;
        }
        select.value = String(year);
        return;
      }
      if (status) {
        status.textContent = text().yearChanged(next);
      }
      window.location.reload();
    });
  });
}
