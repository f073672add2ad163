/* stegvis default theme — the search page (/sok/). Loaded as a module, on
 * that page only. Without it the page says that search needs JavaScript.
 *
 * The index is Pagefind's (pagefind/ in the built site, made by
 * `stegvis build`). It is split into chunks: the first query loads the
 * search code and the index metadata, then only the index chunk(s) holding
 * the query's words and one small fragment per result shown — never the
 * whole index (a big site's index is in a few parts, merged here, and a
 * query fetches a chunk of each). Words are matched by their Norwegian stem, so
 * "planstrategien" finds "planstrategi".
 *
 *   - The query comes from ?q= (the search form in every page's header
 *     submits here) and from typing; the address follows the query, so
 *     reloading or going back shows the same results.
 *   - Results are an ordered list of links (title as a heading) with a
 *     snippet in which the matching words are <mark>ed; the count is
 *     announced in a polite live region. Ten at a time; "Vis flere treff"
 *     adds ten more and moves focus to the first new result.
 *
 * Interface text comes from the form's data-text-* attributes, which the
 * template fills in the page's language (bokmål or nynorsk).
 */

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;

const form = document.querySelector('form[data-search]');
if (form) {
  setUp(form);
}

function setUp(form) {
  const input = form.querySelector('input[type="search"]');
  const status = document.getElementById('sv-sokestatus');
  const list = document.getElementById('sv-soketreff');
  const more = document.getElementById('sv-flere');
  const moreWrap = more.parentElement;

  const text = (key, vars = {}) =>
    (form.dataset['text' + key] || '').replace(/\{(\w+)\}/g, (_, k) =>
      k in vars ? String(vars[k]) : ''
    );

  let pagefind = null; // a promise of the loaded Pagefind module
  let latest = 0; // the id of the newest search; older ones are dropped
  let results = [];
  let shown = 0;
  let timer = 0;

  const load = () => {
    if (!pagefind) {
      // A big site's index is in parts (shards): the bundle holds the first,
      // and stegvis-deler.json lists the others, which Pagefind merges in.
      const bundle = new URL('.', new URL(form.dataset.pagefind, window.location.href));
      // Without the list (a bundle from elsewhere), the bundle alone.
      const shards = fetch(new URL('stegvis-deler.json', bundle))
        .then((res) => (res.ok ? res.json() : []))
        .catch(() => []);
      pagefind = import(form.dataset.pagefind).then(async (pf) => {
        const options = { baseUrl: form.dataset.base, excerptLength: 28 };
        await pf.options(options);
        const others = await shards;
        await Promise.all(
          others.map((dir) => pf.mergeIndex(new URL(dir, bundle).pathname, options))
        );
        return pf;
      });
      // A failed load (offline, file://) may be retried by the next search.
      pagefind.catch(() => {
        pagefind = null;
      });
    }
    return pagefind;
  };

  const keepInAddress = (q) => {
    const url = new URL(window.location.href);
    if (q) {
      url.searchParams.set('q', q);
    } else {
      url.searchParams.delete('q');
    }
    window.history.replaceState(null, '', url);
  };

  const clear = () => {
    results = [];
    shown = 0;
    list.replaceChildren();
    list.hidden = true;
    moreWrap.hidden = true;
  };

  const run = async (raw) => {
    const id = ++latest;
    const q = raw.trim();
    keepInAddress(q);
    if (!q) {
      clear();
      status.textContent = '';
      return;
    }
    status.textContent = text('Searching');
    let found;
    try {
      const pf = await load();
      found = await pf.search(q);
    } catch (e) {
      if (id === latest) {
        clear();
        status.textContent = text('Error');
      }
      return;
    }
    if (id !== latest) {
      return;
    }
    clear();
    results = found.results;
    if (results.length === 0) {
      status.textContent = text('None', { q });
      return;
    }
    await showMore(id, false);
    if (id === latest) {
      status.textContent = text('Hits', { n: results.length, q });
    }
  };

  const showMore = async (id, moveFocus) => {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    let data;
    try {
      data = await Promise.all(batch.map((r) => r.data()));
    } catch (e) {
      if (id === latest) {
        status.textContent = text('Error');
      }
      return;
    }
    if (id !== latest) {
      return;
    }
    const items = data.map(resultItem);
    list.append(...items);
    shown += batch.length;
    list.hidden = false;
    moreWrap.hidden = shown >= results.length;
    if (moveFocus && items.length > 0) {
      items[0].querySelector('a').focus();
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    run(input.value);
  });
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value), DEBOUNCE_MS);
  });
  more.addEventListener('click', () => showMore(latest, true));

  const initial = new URLSearchParams(window.location.search).get('q') || '';
  if (initial.trim()) {
    input.value = initial;
    run(initial);
  }
}

function resultItem(data) {
  const li = document.createElement('li');
  li.className = 'search-hit';
  const heading = document.createElement('h2');
  heading.className = 'search-hit__title';
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  const excerpt = document.createElement('p');
  excerpt.className = 'search-hit__excerpt';
  appendExcerpt(excerpt, data.excerpt || '');
  li.append(heading, excerpt);
  return li;
}

/* Pagefind's excerpt is text with `<` and `>` escaped and the matches in
 * <mark>; it is rebuilt here as text nodes, never parsed as HTML. */
function appendExcerpt(el, excerpt) {
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    if (!part) {
      continue;
    }
    const node = document.createTextNode(part.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    if (marked) {
      const mark = document.createElement('mark');
      mark.append(node);
      el.append(mark);
    } else {
      el.append(node);
    }
  }
}
