/* stegvis default theme: the browser code is ES modules in js/ (see the
 * README, «How it is built»), loaded by the theme's templates with
 * `<script type="module" src="js/main….js">`. This file is kept only for
 * templates copied from an older theme, which load it as a classic script
 * (`<script src="stegvis.js" defer>`): it starts the entry module the page
 * needs. Every page works without any of it. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.stegvis) {
    return;
  }
  var entry = document.querySelector('[data-timeline-period]') ? 'main-timeline.js'
    : document.querySelector('[data-plan-guide]') ? 'main-status.js'
      : document.querySelector('[data-storage-control]') ? 'main-privacy.js' : 'main.js';
  import(new URL('js/' + entry, script.src).href);
})();
