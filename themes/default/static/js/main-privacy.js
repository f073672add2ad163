/* Entry module of the privacy page (page.html at `personvern/`). */
import { start } from './init.js';
import { initPrivacy } from './privacy.js';

start({ privacy: initPrivacy });
