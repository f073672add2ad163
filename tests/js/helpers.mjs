// Shared by the Node unit tests of the theme's browser modules: where the
// modules are, the shared vectors (tests/vectors/, read by the Rust tests
// too), and a localStorage stand-in.
import { readFileSync } from 'node:fs';

export const JS_DIR = new URL('../../themes/default/static/js/', import.meta.url);
export const TEMPLATES_DIR = new URL('../../themes/default/templates/', import.meta.url);

export const vectors = (name) =>
  JSON.parse(readFileSync(new URL(`../vectors/${name}.json`, import.meta.url), 'utf8'));

export const mod = (name) => import(new URL(name, JS_DIR).href);

/* The part of the Storage interface the modules use, over a Map. */
export function memoryStore(entries) {
  const m = new Map(Object.entries(entries || {}));
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    dump: () => Object.fromEntries(m),
  };
}
