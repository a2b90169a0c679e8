#!/usr/bin/env node
// Prints the table of docs/model.md's worked example: the first case of
// fixtures/reference/tiny-examples.json (worked independently in numpy by
// fixtures/generate/tiny_examples.py), every intermediate quantity to 6 decimals, computed by the
// reference in dist/. spec/docs/model.spec.ts checks every printed number against the reference
// and, where the fixture has it, against numpy.  Run: npm run build && node scripts/worked-example.mjs
import { readFileSync } from 'node:fs';
import { backpropTanh, column, entries, fromRows, lossAndGradients, preActivation, shape, softmaxCrossEntropyGradient } from '../dist/index.js';

const { cases } = JSON.parse(readFileSync(new URL('../fixtures/reference/tiny-examples.json', import.meta.url), 'utf8'));
const c = cases[0].case;
const params = { Wax: fromRows(c.Wax), Waa: fromRows(c.Waa), Wya: fromRows(c.Wya), ba: column(c.ba), by: column(c.by) };
const { loss, gradients, forward } = lossAndGradients(params, c.inputs, c.targets);

const num = (v) => (Object.is(Number(v.toFixed(6)), -0) ? 0 : v).toFixed(6);
const fmt = (M) => {
  const [r, k] = shape(M);
  const e = entries(M);
  if (k === 1) return `[${e.map(num).join(', ')}]`;
  return `[${Array.from({ length: r }, (_, i) => `[${e.slice(i * k, i * k + k).map(num).join(', ')}]`).join(', ')}]`;
};
const rows = [];
const row = (key, eq, value) => rows.push(`| \`${key}\` | ${eq} | \`${value}\` |`);
forward.steps.forEach((s, i) => {
  const t = i + 1;
  row(`z[${t}]`, '(4)', fmt(preActivation(params, s.x, s.aPrev)));
  row(`a[${t}]`, '(3)', fmt(s.a));
  row(`o[${t}]`, '(6)', fmt(s.o));
  row(`yHat[${t}]`, '(5)', fmt(s.yHat));
  row(`l[${t}]`, '(15)', num(s.loss));
});
row('L', '(15)', num(loss));
for (let i = forward.steps.length - 1; i >= 0; i--) {
  const s = forward.steps[i];
  const t = i + 1;
  row(`do[${t}]`, '(17)', fmt(softmaxCrossEntropyGradient(s.yHat, s.target)));
  row(`da[${t}]`, t === forward.steps.length ? '(20)' : '(21)', fmt(gradients.da[i]));
  row(`dz[${t}]`, '(23)', fmt(backpropTanh(gradients.da[i], s.a)));
}
row('dWya', '(18)', fmt(gradients.dWya));
row('dby', '(19)', fmt(gradients.dby));
row('dWaa', '(24)', fmt(gradients.dWaa));
row('dWax', '(25)', fmt(gradients.dWax));
row('dba', '(26)', fmt(gradients.dba));
row('da0', '(21) at t = 0', fmt(gradients.da0));
console.log(['| quantity | eq. | value (6 decimals) |', '|---|---|---|', ...rows].join('\n'));
