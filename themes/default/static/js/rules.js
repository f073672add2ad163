/* The law's rules between dates: the bound a rule leaves (ruleBound), its
 * verdict for a date (ruleVerdict, pure), and checkRules, which writes the
 * verdicts beside the `[data-rule]` items of a page. */
import { addDays, compare, evaluate, formatDate, nextWorkingDay } from './dates.js';
import { forEach } from './page.js';
import { text } from './text.js';

/* The last (`last: true`) or first day a rule leaves its date, counted
 * as src/shared/deadlines.rs counts (tests/vectors/workdays.json, `bounds`):
 * «minst N før» leaves N whole days between; «minst N etter» ends on a
 * working day and the date comes after the end. */
export function ruleBound(kind, span, other) {
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
export function ruleVerdict(b, date) {
  var keeps = function (bound) {
    return b.last ? compare(date, bound) <= 0 : compare(date, bound) >= 0;
  };
  return keeps(b.date) ? 'holds' : keeps(b.plain) ? 'tight' : 'broken';
}

/* Checks every rule on the page (`[data-rule]`) against `env` and says
 * beside each whether it holds; marks the date fields of a broken one.
 * Returns how many are broken and how many tight. */
export function checkRules(root, env) {
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
  forEach(document.querySelectorAll('[data-period-input], [data-guide-date-input]'), function (input) {
    var n = input.getAttribute('data-period-input') || input.getAttribute('data-guide-date-input');
    var own = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) {
      return id && !/^sv-regel-/.test(id);
    });
    if (invalid[n]) {
      /* a broken rule marks the field invalid; a tight one only describes it */
      var broken = invalid[n].some(function (id) {
        var li = document.getElementById(id);
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
