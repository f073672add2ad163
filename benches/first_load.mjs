// First load of built pages: what a browser fetches for each page (HTML,
// style sheets, classic and module scripts with every static import they
// pull in, modulepreload links), in bytes as written and gzipped, and how
// many requests. Reads a built site from disk, no browser, no network.
//
//   node benches/first_load.mjs <output folder> <page path> [<page path> …]
//   node benches/first_load.mjs public /planstrategi/planbehov/
//
// Paths in the pages are taken as under the site root (`/`); fonts and
// images are left out (the default theme has none but favicon.svg).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [root, ...pages] = process.argv.slice(2);
if (!root || pages.length === 0) {
  console.error('usage: node benches/first_load.mjs <output folder> <page path>…');
  process.exit(2);
}

const file = (p) => join(root, decodeURI(p.replace(/[?#].*$/, '')).replace(/\/$/, '/index.html'));
const attr = (tag, name) => (new RegExp(`\\s${name}="([^"]*)"`).exec(tag) || [])[1];

function resolve(from, spec) {
  return new URL(spec, `http://site${from}`).pathname;
}

/* Every module a module script pulls in by static `import … from '…'`. */
function moduleGraph(entry, seen) {
  if (seen.has(entry)) {
    return;
  }
  seen.add(entry);
  const src = readFileSync(file(entry), 'utf8');
  for (const m of src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*'([^']+)'/gm)) {
    moduleGraph(resolve(entry, m[1]), seen);
  }
  for (const m of src.matchAll(/^\s*import\s*'([^']+)'/gm)) {
    moduleGraph(resolve(entry, m[1]), seen);
  }
}

function measure(page) {
  const html = readFileSync(file(page), 'utf8');
  const css = new Set();
  const js = new Set();
  for (const tag of html.match(/<(link|script)\b[^>]*>/g) || []) {
    const rel = attr(tag, 'rel');
    const href = attr(tag, 'href');
    const src = attr(tag, 'src');
    if (tag.startsWith('<link') && rel === 'stylesheet') {
      css.add(resolve(page, href));
    } else if (tag.startsWith('<link') && rel === 'modulepreload') {
      moduleGraph(resolve(page, href), js);
    } else if (tag.startsWith('<script') && src) {
      const path = resolve(page, src);
      if (attr(tag, 'type') === 'module') {
        moduleGraph(path, js);
      } else {
        js.add(path);
      }
    }
  }
  const size = (paths) => {
    let raw = 0;
    let gz = 0;
    for (const p of paths) {
      if (!existsSync(file(p))) {
        continue;
      }
      const b = readFileSync(file(p));
      raw += b.length;
      gz += gzipSync(b, { level: 6 }).length;
    }
    return { raw, gz };
  };
  const h = size([page]);
  const c = size(css);
  const j = size(js);
  return {
    page,
    js_files: js.size,
    js_bytes: j.raw,
    js_gzip: j.gz,
    requests: 1 + css.size + js.size,
    total_bytes: h.raw + c.raw + j.raw,
    total_gzip: h.gz + c.gz + j.gz,
    js: [...js].sort(),
  };
}

for (const p of pages) {
  console.log(JSON.stringify(measure(p)));
}
