/* Dates: plain {y, m, d} values and their arithmetic, Norwegian working
 * days and public holidays, date expressions (`constituted + 3m`, with the
 * Norwegian names of the period's dates), formatting, and the period's and
 * a guide's dates resolved from what the user typed. Pure: no DOM. */

export var MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli',
  'august', 'september', 'oktober', 'november', 'desember'];

/* Dates are plain {y, m, d} (m 1–12); arithmetic goes through UTC. */
export function parseIso(s) {
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

export function daysInMonth(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function pad(n, width) {
  var s = String(n);
  while (s.length < width) {
    s = '0' + s;
  }
  return s;
}

export function iso(date) {
  return pad(date.y, 4) + '-' + pad(date.m, 2) + '-' + pad(date.d, 2);
}

export function compact(date) {
  return pad(date.y, 4) + pad(date.m, 2) + pad(date.d, 2);
}

export function toUtc(date) {
  return Date.UTC(date.y, date.m - 1, date.d);
}

export function fromUtc(ms) {
  var d = new Date(ms);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

export function addDays(date, n) {
  return fromUtc(toUtc(date) + n * 86400000);
}

/* Calendar months; the 31st of a shorter month clamps to its last day
 * (29 February + 1 year = 28 February). */
export function addMonths(date, n) {
  var index = date.y * 12 + (date.m - 1) + n;
  var y = Math.floor(index / 12);
  var m = index - y * 12 + 1;
  return { y: y, m: m, d: Math.min(date.d, daysInMonth(y, m)) };
}

export function compare(a, b) {
  return toUtc(a) - toUtc(b);
}

/* Working days in Norway, as src/shared/workdays.rs (pinned together by
 * tests/vectors/workdays.json): Saturdays, Sundays and the public
 * holidays are days off; a default or recommended date on one moves to
 * the next working day. */
export function easterSunday(year) {
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
export function dayOff(date) {
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

export function nextWorkingDay(date) {
  var d = date;
  for (var i = 0; i < 14 && dayOff(d); i += 1) {
    d = addDays(d, 1);
  }
  return d;
}

/* "1. oktober 2024" (the month names are the same in bokmål and nynorsk). */
export function formatDate(date) {
  return date.d + '. ' + MONTHS[date.m - 1] + ' ' + date.y;
}

/* `<name>` or `<name> (+|-) <n><unit>`, units d, w, m, y; `env` maps
 * names (the period's and a guide's own) to dates. */
/* Norwegian names for the period's dates, as src/shared/dates.rs reads
 * them (PERIOD_ALIASES); pages carry the English ones. */
export var PERIOD_ALIASES = {
  valg: 'election', valget: 'election', valgdag: 'election', valgdagen: 'election',
  val: 'election', valet: 'election', valdag: 'election', valdagen: 'election',
  konstituert: 'constituted', konstituering: 'constituted', konstitueringen: 'constituted',
  konstitueringa: 'constituted', 'kommunestyremøte': 'council_meeting',
  'kommunestyremøtet': 'council_meeting', 'møte': 'council_meeting', 'møtet': 'council_meeting',
  frist: 'deadline', fristen: 'deadline', fristdag: 'deadline', fristdagen: 'deadline',
  vedtaksfrist: 'deadline', vedtaksfristen: 'deadline',
  'budsjettåret': 'year_start', 'budsjettårets_start': 'year_start',
  'budsjettårets_slutt': 'year_end', 'budsjettårsslutt': 'year_end'
};

export function evaluate(expr, env) {
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
export function formatAs(date, format) {
  if (format === 'month') {
    return MONTHS[date.m - 1] + ' ' + date.y;
  }
  if (format === 'year') {
    return String(date.y);
  }
  return formatDate(date);
}

export function typedAnything(input) {
  return !!(input.period.constituted || input.period.council_meeting ||
    Object.keys(input.guide).some(function (k) { return input.guide[k]; }));
}

/* Every name's date: the period from what was typed, then each guide
 * date as typed, else from its default expression. */
export function resolveDates(cfg, input) {
  var env = computePeriod(cfg.base, input.period);
  env._moved = {};
  /* a yearly guide: its dates count from the chosen budget year's first
     and last day (calendar days, never moved) */
  if (cfg.year) {
    env.year_start = { y: cfg.year, m: 1, d: 1 };
    env.year_end = { y: cfg.year, m: 12, d: 31 };
  }
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

/* The period's dates from site.yaml (`base`) and what the user typed. */
export function computePeriod(base, input) {
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
