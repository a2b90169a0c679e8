import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { lossAndGradients } from '../../src/reference/bptt.js';
import type { Input } from '../../src/reference/inputs.js';
import { column, fromRows } from '../../src/reference/linalg.js';
import { expectClose } from '../helpers/matrices.js';
import { NUMPY_AGREEMENT } from '../helpers/tolerances.js';

interface TinyCase {
  case: {
    id: string;
    Wax: number[][];
    Waa: number[][];
    Wya: number[][];
    ba: number[];
    by: number[];
    a0?: number[];
    inputs: Input[];
    targets: number[];
  };
  expected: { loss: number; a: number[][]; yHat: number[][]; gradients: Record<string, number[][]> };
}

/** Worked in plain numpy by fixtures/generate/tiny_examples.py, independently of src/. */
const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/reference/tiny-examples.json', import.meta.url), 'utf8'),
) as { cases: TinyCase[] };

describe('tiny examples worked in numpy — eqs. (1)–(26) end to end', () => {
  for (const { case: c, expected } of cases) {
    it(`reproduces the loss, every a⟨t⟩ and ŷ⟨t⟩, and every gradient for ${c.id}`, () => {
      const params = { Wax: fromRows(c.Wax), Waa: fromRows(c.Waa), Wya: fromRows(c.Wya), ba: column(c.ba), by: column(c.by) };
      const { loss, gradients, forward } = lossAndGradients(params, c.inputs, c.targets, c.a0 && column(c.a0));
      expectClose(column([loss as number]), [[expected.loss]], NUMPY_AGREEMENT);
      forward.steps.forEach((s, t) => {
        expectClose(s.a, expected.a[t].map((v) => [v]), NUMPY_AGREEMENT);
        expectClose(s.yHat, expected.yHat[t].map((v) => [v]), NUMPY_AGREEMENT);
      });
      for (const [name, value] of Object.entries(expected.gradients)) {
        expectClose(gradients[name as keyof typeof gradients] as never, value, NUMPY_AGREEMENT);
      }
    });
  }
});
