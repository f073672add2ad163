/* iCalendar (RFC 5545): escaping, folding at 75 octets and whole calendar
 * files (pure), and milestoneEvents, which reads a page's milestones as
 * events (the DOM only when called). */
import { addDays, compact, evaluate, pad } from './dates.js';
import { forEach } from './page.js';
import { slugify } from './slug.js';
import { normalisePath } from './storage.js';

export function icsEscape(s) {
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
export function icsFold(line) {
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

function utcStamp(now) {
  return pad(now.getUTCFullYear(), 4) + pad(now.getUTCMonth() + 1, 2) + pad(now.getUTCDate(), 2) +
    'T' + pad(now.getUTCHours(), 2) + pad(now.getUTCMinutes(), 2) + pad(now.getUTCSeconds(), 2) + 'Z';
}

/* events: [{date, summary, description, url, uid}] */
export function buildCalendar(name, events, now) {
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
export function milestoneEvents(calendar, period) {
  var host = 'stegvis';
  var url = '';
  var canonical = document.querySelector('link[rel="canonical"]');
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
  forEach(document.querySelectorAll('[data-milestone]'), function (li) {
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
