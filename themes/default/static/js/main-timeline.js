/* Entry module of the timeline page (timeline.html). */
import { buildCalendar, icsEscape, icsFold } from './ics.js';
import { start } from './init.js';
import { initTimeline } from './timeline.js';

start({
  timeline: initTimeline,
  api: {
    ics: { build: buildCalendar, fold: icsFold, escape: icsEscape },
    timeline: { init: initTimeline }
  }
});
