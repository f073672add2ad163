/* Entry module of the status report (status.html). */
import { buildCalendar, icsEscape, icsFold } from './ics.js';
import { start } from './init.js';
import { buildCsv, initPlan } from './plan.js';
import { crc32, decodeShare, encodeShare } from './share.js';
import { mergeStates } from './state.js';

start({
  plan: initPlan,
  api: {
    ics: { build: buildCalendar, fold: icsFold, escape: icsEscape },
    plan: { encode: encodeShare, decode: decodeShare, merge: mergeStates, csv: buildCsv, crc32: crc32, init: initPlan }
  }
});
