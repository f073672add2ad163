// The import graph of the browser modules: every import names a module
// that exists, no import cycle, every module opens with a comment on what
// it owns, and each page's template preloads exactly the modules its entry
// pulls in statically (so no page waits on a chain of imports, and no page
// fetches a module it does not run). A module only some pages need (the
// year picker, the county in the footer) is imported lazily
// (`import('./x.js')`) where the page has what it works on; it and what it
// imports beyond the static graph are not preloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { JS_DIR, TEMPLATES_DIR } from './helpers.mjs';

const files = readdirSync(JS_DIR).filter((f) => f.endsWith('.js')).sort();
const source = (f) => readFileSync(new URL(f, JS_DIR), 'utf8');

/* `import … from './x.js'` and `import './x.js'` lines, as written. */
export function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(/^(?:import\s+(?:[^'"\n]*?\sfrom\s*)?|export\s[^'"\n]*?\sfrom\s*)['"]([^'"\n]+)['"]/gm)) {
    out.push(m[1]);
  }
  return out;
}

/* `import('./x.js')`: lazily loaded modules; anything else in `import(` is
   reported as written, so the check below refuses it. */
export function lazyImportsOf(text) {
  const out = [];
  for (const m of text.matchAll(/\bimport\s*\(\s*([^)]*)\)/g)) {
    const lit = /^'(\.\/[a-z-]+\.js)'$/.exec(m[1].trim());
    out.push(lit ? lit[1] : `dynamic import of ${m[1]}`);
  }
  return out;
}

const written = Object.fromEntries(files.map((f) => [f, importsOf(source(f))]));
const lazyWritten = Object.fromEntries(files.map((f) => [f, lazyImportsOf(source(f))]));
const strip = (d) => d.replace(/^\.\//, '');
const graph = Object.fromEntries(files.map((f) => [f, written[f].map(strip)]));
/* static and lazy edges: for cycles and reachability */
const fullGraph = Object.fromEntries(files.map((f) => [f, graph[f].concat(lazyWritten[f].map(strip))]));

/* A cycle in `g` as a list of names, or null. */
export function findCycle(g) {
  const state = {};
  const stack = [];
  const visit = (n) => {
    state[n] = 'open';
    stack.push(n);
    for (const m of g[n] || []) {
      if (state[m] === 'open') {
        return stack.slice(stack.indexOf(m)).concat(m);
      }
      if (!state[m]) {
        const c = visit(m);
        if (c) {
          return c;
        }
      }
    }
    stack.pop();
    state[n] = 'done';
    return null;
  };
  for (const n of Object.keys(g)) {
    if (!state[n]) {
      const c = visit(n);
      if (c) {
        return c;
      }
    }
  }
  return null;
}

const closure = (entry, g = graph) => {
  const seen = new Set();
  const walk = (f) => {
    if (!seen.has(f)) {
      seen.add(f);
      (g[f] || []).forEach(walk);
    }
  };
  walk(entry);
  return seen;
};

test('the cycle check finds a cycle and passes a tree', () => {
  assert.deepEqual(findCycle({ a: ['b'], b: ['c'], c: ['a'] }), ['a', 'b', 'c', 'a']);
  assert.equal(findCycle({ a: ['b', 'c'], b: ['c'], c: [] }), null);
});

test('imports are relative, literal, and name modules that exist', () => {
  for (const f of files) {
    for (const d of written[f].concat(lazyWritten[f])) {
      assert.match(d, /^\.\/[a-z-]+\.js$/, `${f} imports ${d}`);
    }
    for (const d of fullGraph[f]) {
      assert.ok(files.includes(d), `${f} imports ${d}, which does not exist`);
    }
  }
});

test('imports run one way: no cycle (lazy imports included)', () => {
  assert.equal(findCycle(fullGraph), null);
});

test('every module opens with a comment on what it owns', () => {
  for (const f of files) {
    assert.match(source(f), /^\/\* \S[\s\S]*?\*\//, `${f} starts with a comment`);
  }
});

/* What a page built from `template` loads: base.html's preloads, and the
 * `module` block (the template's own, else base.html's). */
function loadedBy(template) {
  const base = readFileSync(new URL('base.html', TEMPLATES_DIR), 'utf8');
  const own = readFileSync(new URL(template, TEMPLATES_DIR), 'utf8');
  const block = (t) => (/\{% block module %\}([\s\S]*?)\{% endblock module %\}/.exec(t) || [])[1];
  let part = block(own) ?? block(base);
  if (template === 'page.html') {
    /* the privacy page's branch; the else branch is base.html's block */
    part = /\{% if [^%]*%\}([\s\S]*?)\{% else %\}/.exec(part)[1];
  }
  const common = base.replace(/\{% block module %\}[\s\S]*?\{% endblock module %\}/, '');
  const preloads = [...(common + part).matchAll(/<link rel="modulepreload" href="\{\{ site\.base \}\}js\/([a-z-]+\.js)">/g)].map((m) => m[1]);
  const entries = [...part.matchAll(/<script type="module" src="\{\{ site\.base \}\}js\/([a-z-]+\.js)"><\/script>/g)].map((m) => m[1]);
  return { preloads, entries };
}

for (const [template, entry] of [['base.html', 'main.js'], ['timeline.html', 'main-timeline.js'],
  ['status.html', 'main-status.js'], ['page.html', 'main-privacy.js']]) {
  test(`${template} loads ${entry} and preloads exactly what it imports`, () => {
    const { preloads, entries } = loadedBy(template);
    assert.deepEqual(entries, [entry]);
    const need = [...closure(entry)].filter((f) => f !== entry).sort();
    assert.deepEqual([...preloads].sort(), need);
    assert.equal(new Set(preloads).size, preloads.length, 'no module preloaded twice');
  });
}

test('a step page does not load the timeline, calendar, plan or privacy code', () => {
  const step = closure('main.js', fullGraph);
  for (const f of ['timeline.js', 'ics.js', 'slug.js', 'plan.js', 'share.js', 'state.js', 'privacy.js']) {
    assert.ok(!step.has(f), `main.js pulls in ${f}`);
  }
});

test('every module is reachable from an entry', () => {
  const reached = new Set();
  for (const e of files.filter((f) => /^main(-[a-z]+)?\.js$/.test(f))) {
    closure(e, fullGraph).forEach((f) => reached.add(f));
  }
  assert.deepEqual(files.filter((f) => !reached.has(f)), []);
});
