/* Entry module of every page without a page entry of its own (step pages,
 * the guide overview, the checklist page, content pages). */
import { start } from './init.js';

start();
