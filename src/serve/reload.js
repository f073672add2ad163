(function () {
  'use strict';
  var key = 'stegvis-rulling:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10) || 0;
    // 'instant': the theme may ask for smooth scrolling.
    var restore = function () { window.scrollTo({ top: y, left: 0, behavior: 'instant' }); };
    restore();
    window.addEventListener('load', restore);
  }
  if (!window.EventSource) { return; }
  function listen() {
    var source = new EventSource('/__stegvis/hendelser');
    source.addEventListener('reload', function () {
      sessionStorage.setItem(key, String(window.scrollY || window.pageYOffset || 0));
      location.reload();
    });
  }
  // Open the event stream once the page has loaded, so it never holds up
  // the page itself.
  if (document.readyState === 'complete') { listen(); } else { window.addEventListener('load', listen); }
}());
