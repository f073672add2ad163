/* «Hvor kan jeg få hjelp?» by county: the reader's county is stored once
 * (`stegvis:fylke:<site base>`, storage.js: countyKey), chosen on the page
 * with `help_directory: true` (`[data-help-picker]`) or taken from a
 * shared project plan (state.js), and the footer of every page
 * (`[data-help-county]`) then names the county's statsforvalter and
 * fylkeskommune, read from the site's `stegvis-hjelp.json`. A site made
 * for one county (`help.county` in site.yaml) has them in its HTML and no
 * picker. */
import { announce, forEach } from './page.js';
import { chosenCounty, setChosenCounty } from './storage.js';
import { text } from './text.js';

var directory = null;

/* The site's county list, fetched once per page. */
function loadDirectory(url) {
  if (!directory) {
    directory = fetch(url, { credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .catch(function () {
        return null;
      });
  }
  return directory;
}

function el(name, attrs, kids) {
  var e = document.createElement(name);
  Object.keys(attrs || {}).forEach(function (k) {
    e.setAttribute(k, attrs[k]);
  });
  (kids || []).forEach(function (k) {
    e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k);
  });
  return e;
}

/* Only web addresses become links (the file is the site's own, but a
 * changed file must not be able to put script in a link). */
function safeUrl(u) {
  return typeof u === 'string' && /^https?:\/\//.test(u) ? u : null;
}

function bodyItem(body) {
  var url = safeUrl(body.url);
  var name = el('p', { class: 'site-help__name' }, [url ? el('a', { href: url }, [String(body.name || '')]) : String(body.name || '')]);
  var li = el('li', { class: 'site-help__contact' }, [name]);
  var links = (Array.isArray(body.help) ? body.help : []).filter(function (h) {
    return h && safeUrl(h.url);
  });
  if (links.length) {
    li.appendChild(el('ul', { class: 'site-help__links' }, links.map(function (h) {
      return el('li', {}, [el('a', { href: h.url }, [String(h.title || '')])]);
    })));
  }
  return li;
}

/* The footer's county part for `county` (or the invitation to choose). */
function fillFooter(slot, county) {
  var T = text();
  var choose = slot.querySelector('[data-help-choose]');
  var old = slot.querySelector('[data-help-filled]');
  if (old) {
    old.remove();
  }
  if (!county) {
    if (choose) {
      choose.hidden = false;
    }
    return;
  }
  var page = slot.getAttribute('data-help-page');
  var filled = el('div', { 'data-help-filled': '' }, [
    el('h3', { class: 'site-help__county-heading' }, [T.helpIn + ' ' + String(county.name || '')]),
    el('ul', { class: 'site-help__contacts' }, [bodyItem(county.statsforvalter || {}), bodyItem(county.fylkeskommune || {})])
  ]);
  if (page) {
    filled.appendChild(el('p', { class: 'site-help__change' }, [el('a', { href: page }, [T.helpChange])]));
  }
  slot.appendChild(filled);
  if (choose) {
    choose.hidden = true;
  }
}

function showFooter(id) {
  forEach(document.querySelectorAll('[data-help-county]'), function (slot) {
    var url = slot.getAttribute('data-help-json');
    if (!id || !url) {
      fillFooter(slot, null);
      return;
    }
    loadDirectory(url).then(function (dir) {
      var county = dir && dir.fylker && Object.prototype.hasOwnProperty.call(dir.fylker, id) ? dir.fylker[id] : null;
      fillFooter(slot, county);
    });
  });
}

export function initHelp() {
  var id = chosenCounty();
  showFooter(id);
  forEach(document.querySelectorAll('[data-help-picker]'), function (form) {
    var select = form.querySelector('select');
    var status = form.querySelector('[data-help-status]');
    if (!select) {
      return;
    }
    var known = Array.prototype.map.call(select.options, function (o) {
      return o.value;
    });
    select.value = id && known.indexOf(id) >= 0 ? id : '';
    form.hidden = false;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
    });
    select.addEventListener('change', function () {
      var T = text();
      var next = select.value;
      var ok = setChosenCounty(next);
      var name = next ? select.options[select.selectedIndex].text : '';
      var message = !ok ? T.helpNotStored : next ? T.helpChosen(name) : T.helpCleared;
      if (status) {
        status.textContent = message;
      } else {
        announce(message);
      }
      showFooter(ok ? next : chosenCounty());
    });
  });
}
