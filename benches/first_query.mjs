// What a reader's first search costs in bytes (issue 15): a built site is
// served as a static host serves it, Chromium opens the search page, types
// a query, and every response under pagefind/ is counted twice: the bytes
// on the wire and the bytes after decoding. The host compresses text types
// (JavaScript, JSON) with gzip, as GitHub Pages, Netlify, Cloudflare Pages
// and nginx's `gzip on` do; Pagefind's own index, metadata, fragment and
// WebAssembly files are gzip inside already and go as they are. With
// GZIP=0 nothing is compressed in transit.
//
//   node benches/first_query.mjs SITE_DIR [QUERY ...]
//
// SITE_DIR: a `stegvis build` output (base_url at the root). Prints one
// JSON line per query: files, wire and decoded bytes, the files by kind.
// Needs tests/browser/node_modules (cd tests/browser && npm ci) and
// Debian's chromium (or STEGVIS_CHROMIUM).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { launchChromium, waitForAnswer } from './search_page.mjs';

const [root, ...queryArgs] = process.argv.slice(2);
if (!root) {
  console.error('usage: node benches/first_query.mjs SITE_DIR [QUERY ...]');
  process.exit(2);
}
const queries = queryArgs.length ? queryArgs : ['radon', 'dispensasjon', 'byggesaken', 'ansvarlig søker'];
const gzip = process.env.GZIP !== '0';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg']);

// Wire bytes per request path, counted as the server writes them.
const wire = new Map();
const server = createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(root, path.normalize(rel));
  let size;
  try {
    size = statSync(file).size;
  } catch {
    res.writeHead(404).end();
    return;
  }
  const ext = path.extname(file);
  const headers = { 'Content-Type': types[ext] || 'application/octet-stream' };
  const count = (n) => wire.set(rel, (wire.get(rel) || 0) + n);
  if (gzip && compressible.has(ext) && /gzip/.test(req.headers['accept-encoding'] || '')) {
    res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip' });
    const z = createGzip({ level: 6 });
    z.on('data', (chunk) => count(chunk.length));
    createReadStream(file).pipe(z).pipe(res);
  } else {
    res.writeHead(200, { ...headers, 'Content-Length': size });
    count(size);
    createReadStream(file).pipe(res);
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await launchChromium();
const kind = (name) =>
  name.endsWith('.pf_index') ? 'index'
    : name.endsWith('.pf_fragment') ? 'fragment'
      : name.endsWith('.pf_meta') ? 'meta'
        : name.endsWith('.js') ? 'js'
          : name.startsWith('wasm.') ? 'wasm' : 'other';
try {
  for (const q of queries) {
    const page = await browser.newPage();
    await page.goto(`${base}sok/`);
    await page.waitForLoadState('networkidle');
    wire.clear();
    const decoded = [];
    page.on('response', async (res) => {
      if (res.url().includes('/pagefind/')) {
        const body = await res.body().catch(() => Buffer.alloc(0));
        decoded.push([new URL(res.url()).pathname, body.length]);
      }
    });
    await page.locator('#sv-sokefelt').fill(q);
    await page.keyboard.press('Enter');
    await waitForAnswer(page, q);
    await page.waitForLoadState('networkidle');
    const hits = await page.locator('#sv-soketreff > li').count();
    const byKind = {};
    let wireTotal = 0;
    for (const [name, n] of wire) {
      if (!name.includes('/pagefind/')) continue;
      const k = kind(path.basename(name));
      byKind[k] = (byKind[k] || 0) + n;
      wireTotal += n;
    }
    const decodedTotal = decoded.reduce((s, [, n]) => s + n, 0);
    console.log(JSON.stringify({
      query: q, gzip, files: decoded.length, shown: hits,
      wire_bytes: wireTotal, decoded_bytes: decodedTotal, wire_by_kind: byKind,
    }));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
