// Shared helpers for the browser tests: launching Debian's Chromium through
// playwright-core, a tiny test runner, pages that fail on console errors and
// CSP violations, and a crawler that finds every page of the built site.
//
// Usage: node <script>.mjs <base-url>   (tests/browser.rs serves the site)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = (process.argv[2] || process.env.STEGVIS_BASE_URL || '').replace(/\/?$/, '/');
if (!/^https?:\/\//.test(BASE)) {
  console.error('usage: node <script>.mjs <base-url>');
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = process.env.STEGVIS_SCREENSHOTS ||
  path.resolve(here, '..', '..', 'target', 'screenshots');

export function url(p) {
  return new URL(p.replace(/^\//, ''), BASE).href;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.STEGVIS_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/* A new context + page that records console errors, page errors and CSP
 * violations; `page.problems()` returns them. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'nb-NO',
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  wireProblems(page);
  return page;
}

export function wireProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    const expected404 = /finnes-ikke/.test(page.url()) && /status of 404/.test(msg.text());
    if (!expected404 && (msg.type() === 'error' || /Content Security Policy/i.test(msg.text()))) {
      problems.push(`console ${msg.type()}: ${msg.text()} (${page.url()})`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message} (${page.url()})`));
  page.problems = () => problems.slice();
  page.clearProblems = () => problems.splice(0);
  return page;
}

export function assert(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function assertMatch(actual, re, message) {
  if (!re.test(actual)) {
    throw new Error(`${message}: ${JSON.stringify(actual)} does not match ${re}`);
  }
}

/* Runs the named async tests in order, prints TAP-like lines and a closing
 * "N passed, N failed" line, exits 1 on any failure. */
export async function run(title, tests) {
  const browser = await launch();
  let passed = 0;
  let failed = 0;
  console.log(`# ${title} (${BASE}, Chromium ${browser.version()})`);
  for (const [name, fn] of tests) {
    const started = Date.now();
    try {
      await fn(browser);
      passed += 1;
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed += 1;
      console.log(`not ok - ${name}`);
      console.log(String(err && err.stack ? err.stack : err).split('\n').map((l) => `    ${l}`).join('\n'));
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/* Every HTML page of the site reachable from the front page, plus the 404
 * page and /sok/ when it exists. Returns root-relative paths. */
export async function crawl() {
  const seen = new Set(['/']);
  const queue = ['/'];
  /* pages no link leads to yet are still in the sitemap */
  const sitemap = await fetch(url('/sitemap.xml'));
  if (sitemap.ok) {
    for (const m of (await sitemap.text()).matchAll(/<loc>([^<]+)<\/loc>/g)) {
      try {
        const key = decodeURI(new URL(m[1]).pathname);
        if (!seen.has(key)) {
          seen.add(key);
          queue.push(key);
        }
      } catch {
        /* not a URL */
      }
    }
  }
  /* unlisted pages (e.g. the editors' guide) are in neither: the known
     page types name them */
  for (const [, p] of await pageTypes()) {
    if (p !== '/finnes-ikke/' && !seen.has(p)) {
      seen.add(p);
      queue.push(p);
    }
  }
  const pages = [];
  const origin = new URL(BASE).origin;
  while (queue.length) {
    const p = queue.shift();
    const res = await fetch(url(p));
    const type = res.headers.get('content-type') || '';
    if (!res.ok || !type.startsWith('text/html')) {
      continue;
    }
    pages.push(p);
    const html = await res.text();
    for (const m of html.matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
      let target;
      try {
        target = new URL(m[1].replace(/&amp;/g, '&'), url(p));
      } catch {
        continue;
      }
      if (target.origin !== origin || !/(\/|\.html)$/.test(target.pathname)) {
        continue;
      }
      const key = decodeURI(target.pathname);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(key);
      }
    }
  }
  const search = await fetch(url('/sok/'));
  if (search.ok && !pages.includes('/sok/')) {
    pages.push('/sok/');
  }
  pages.push('/finnes-ikke/');
  return pages;
}

/* One representative URL per page type. */
export async function pageTypes() {
  const types = [
    ['forside', '/'],
    ['veileder', '/planstrategi/'],
    ['veileder-nn', '/politiske-verksted/'],
    ['steg', '/planstrategi/tidsplan/'],
    ['steg-nn', '/politiske-verksted/kjoreplan/'],
    ['sjekkliste', '/planstrategi/sjekkliste/'],
    ['tidslinje', '/planstrategi/tidslinje/'],
    ['statusrapport', '/planstrategi/statusrapport/'],
    ['statusrapport-nn', '/politiske-verksted/statusrapport/'],
    ['personvern', '/personvern/'],
    ['plansystemet', '/plansystemet/'],
    ['redaktorveiledning', '/redaktorveiledning/'],
    ['404', '/finnes-ikke/'],
  ];
  const search = await fetch(url('/sok/'));
  if (search.ok) {
    types.push(['sok', '/sok/']);
  }
  return types;
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}
