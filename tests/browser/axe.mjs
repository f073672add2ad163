// axe-core in a page: the WCAG 2.1 AA rules and the structure rules we
// hold ourselves to, as one report (empty when clean). Shared by the
// accessibility crawl (a11y.mjs) and the tests of scripted states.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/* Best-practice rules about structure that we hold ourselves to as well. */
const STRUCTURE = ['region', 'landmark-one-main', 'landmark-unique', 'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo', 'landmark-banner-is-top-level', 'landmark-contentinfo-is-top-level',
  'landmark-main-is-top-level', 'page-has-heading-one', 'heading-order', 'skip-link', 'empty-heading'];

export async function axe(page, options) {
  // Runtime evaluation is not subject to the page's CSP.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate((opts) => window.axe.run(document, opts).then((r) => r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(0, 3).join(' ')}`),
  }))), options);
}

export function report(where, violations) {
  return violations.map((v) => `${where}: [${v.id}] ${v.help}\n      ${v.nodes.join('\n      ')}`).join('\n');
}

export async function axeAll(page, where) {
  const wcag = await axe(page, { runOnly: { type: 'tag', values: WCAG }, resultTypes: ['violations'] });
  const structure = await axe(page, { runOnly: { type: 'rule', values: STRUCTURE }, resultTypes: ['violations'] });
  return [...wcag, ...structure].length ? report(where, [...wcag, ...structure]) : '';
}
