import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { backpropOutput, backpropTanh, preActivation } from '../../src/reference/cell.js';
import type { Input } from '../../src/reference/inputs.js';
import { column, entries, fromRows, type Matrix } from '../../src/reference/linalg.js';
import { softmaxCrossEntropyGradient } from '../../src/reference/softmax.js';
import { PRINTED_6_DECIMALS } from '../helpers/tolerances.js';

const root = new URL('../../', import.meta.url);
const model = readFileSync(new URL('docs/model.md', root), 'utf8');

interface TinyCase {
  case: { Wax: number[][]; Waa: number[][]; Wya: number[][]; ba: number[]; by: number[]; inputs: Input[]; targets: number[] };
  expected: { loss: number; a: number[][]; yHat: number[][]; gradients: Record<string, number[][]> };
}
/** Worked in plain numpy by fixtures/generate/tiny_examples.py, independently of src/. */
const fixture = (JSON.parse(readFileSync(new URL('fixtures/reference/tiny-examples.json', root), 'utf8')) as { cases: TinyCase[] }).cases[0];

/** `| \`name\` | \`value\` |` (parameters) and `| \`name\` | eq. | \`value\` |` (quantities). */
const parameterRows = new Map([...model.matchAll(/^\| `(\w+)` \| `([^`]+)` \|$/gm)].map((m) => [m[1], JSON.parse(m[2]) as unknown]));
const quantityRows = new Map([...model.matchAll(/^\| `([\w[\]]+)` \| [^|]+ \| `([^`]+)` \|$/gm)].map((m) => [m[1], JSON.parse(m[2]) as unknown]));

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

/** Every printed number is the true value rounded to 6 decimals. */
function expectPrinted(name: string, printed: unknown, actual: Matrix | number | number[] | number[][]): void {
  const values = typeof actual === 'number' ? [actual] : Array.isArray(actual) ? flat(actual) : (entries(actual) as number[]);
  const shown = flat(printed);
  expect(shown.length, name).toBe(values.length);
  shown.forEach((p, i) => expect(Math.abs(p - values[i]), `${name}[${i}]: printed ${p}, value ${values[i]}`).toBeLessThanOrEqual(PRINTED_6_DECIMALS));
}

describe('docs/model.md — the derivation', () => {
  it('derives every numbered equation (1)–(26), each displayed exactly once', () => {
    const tags = [...model.matchAll(/\\tag\{(\d+)\}/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(tags).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });

  it('points to the errata for the corrected equations (9)/(20), (21) and (22)', () => {
    expect(model.match(/\*Correction:\*/g)?.length).toBeGreaterThanOrEqual(3);
    expect(model).toContain('[errata.md](errata.md)');
  });
});

describe('docs/model.md — the worked example', () => {
  const c = fixture.case;
  const params = { Wax: fromRows(c.Wax), Waa: fromRows(c.Waa), Wya: fromRows(c.Wya), ba: column(c.ba), by: column(c.by) };
  const { loss, gradients, forward } = lossAndGradients(params, c.inputs, c.targets);
  const T = forward.steps.length;

  it("shows the fixture's first case's parameters exactly", () => {
    expect(Object.fromEntries(parameterRows)).toEqual({ Wax: c.Wax, Waa: c.Waa, Wya: c.Wya, ba: c.ba, by: c.by });
  });

  it('prints every forward and backward quantity of every step, and nothing else', () => {
    const perStep = ['z', 'a', 'o', 'yHat', 'l', 'do', 'da', 'dz'];
    const expected = [...perStep.flatMap((q) => Array.from({ length: T }, (_, i) => `${q}[${i + 1}]`)), 'L', 'dWya', 'dby', 'dWaa', 'dWax', 'dba', 'da0'];
    expect([...quantityRows.keys()].sort()).toEqual(expected.sort());
  });

  it('prints numbers that lossAndGradients reproduces on that case, to the 6 decimals shown', () => {
    const computed: Record<string, Matrix | number> = { L: loss as number };
    forward.steps.forEach((s, i) => {
      const t = i + 1;
      computed[`z[${t}]`] = preActivation(params, s.x, s.aPrev);
      computed[`a[${t}]`] = s.a;
      computed[`o[${t}]`] = s.o;
      computed[`yHat[${t}]`] = s.yHat;
      computed[`l[${t}]`] = s.loss as number;
      computed[`do[${t}]`] = softmaxCrossEntropyGradient(s.yHat, s.target);
      computed[`da[${t}]`] = gradients.da[i];
      computed[`dz[${t}]`] = backpropTanh(gradients.da[i], s.a);
    });
    for (const name of ['dWya', 'dby', 'dWaa', 'dWax', 'dba', 'da0'] as const) computed[name] = gradients[name];
    for (const [name, printed] of quantityRows) expectPrinted(name, printed, computed[name]);
  });

  it('prints numbers that agree with the independent numpy values of the fixture', () => {
    expectPrinted('L', quantityRows.get('L'), fixture.expected.loss);
    fixture.expected.a.forEach((a, i) => expectPrinted(`a[${i + 1}]`, quantityRows.get(`a[${i + 1}]`), a));
    fixture.expected.yHat.forEach((y, i) => expectPrinted(`yHat[${i + 1}]`, quantityRows.get(`yHat[${i + 1}]`), y));
    for (const [name, value] of Object.entries(fixture.expected.gradients)) expectPrinted(name, quantityRows.get(name), value);
  });

  it('gets the hand-worked steps in the prose right', () => {
    const s1 = forward.steps[0];
    const direct = entries(backpropOutput(params, softmaxCrossEntropyGradient(s1.yHat, s1.target))) as number[];
    const shown = /W_\{ya\}\^\\top \\mathrm\{d\}o\^\{\\langle 1\\rangle\} = \((-?[\d.]+), (-?[\d.]+)\)/.exec(model);
    expect(shown, 'the Wyaᵀ·do⟨1⟩ sentence').not.toBeNull();
    expectPrinted('Wyaᵀ·do⟨1⟩', [Number(shown![1]), Number(shown![2])], direct);
    expect(model).toContain(`l^{\\langle 1\\rangle} = -\\log ${(s1.yHat.get([0, 0]) as number).toFixed(6)} = ${(s1.loss as number).toFixed(6)}`);
  });
});
