import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/engine/rnn.js';
import { gradientSpan, parameterSpan } from '../../src/engine/update.js';
import { updateParameters, type UpdateConfig } from '../../src/train/step.js';
import { TrainingRun } from '../../src/train/train.js';
import { datasetFromText } from '../../src/data/dataset.js';
import { templateInit } from '../../src/engine/model.js';

/** A 2×3 workspace with gradient entry k set to `value` (the others 0.5). */
function workspaceWith(k: number, value: number): Workspace {
  const ws = new Workspace(2, 3);
  gradientSpan(ws).fill(0.5)[k] = value;
  return ws;
}

describe('updateParameters — one iteration’s clip and step', () => {
  const configs: Record<string, UpdateConfig> = { template: { lr: 0.1, clip: 5 }, 'clip-norm': { lr: 0.1, clipNorm: 1 }, adagrad: { lr: 0.1, clip: 5, optimizer: 'adagrad' } };
  for (const [name, config] of Object.entries(configs)) {
    it(`${name}: refuses a NaN gradient, naming it, and leaves the parameters as they were`, () => {
      const ws = workspaceWith(7, NaN); // Wax is 2×3, so entry 7 is in Waa
      const before = parameterSpan(ws).slice();
      expect(updateParameters(ws, config, new Float64Array(ws.paramLength), false)).toEqual({ bad: 'dWaa' });
      expect(parameterSpan(ws)).toEqual(before);
    });
  }

  it('refuses a gradient whose norm overflows when clipping by the norm (the factor would be 0 or NaN)', () => {
    const ws = workspaceWith(0, 1e200);
    expect(updateParameters(ws, configs['clip-norm'], undefined, false)).toEqual({ bad: 'gradient norm' });
  });

  it('reports the norm and whether clipping fired only when asked', () => {
    expect(updateParameters(workspaceWith(0, 9), configs.template, undefined, false)).toEqual({});
    expect(updateParameters(workspaceWith(0, 9), configs.template, undefined, true)).toEqual({ info: { gradientNorm: Math.sqrt(81 + 0.25 * 20), clipped: true } });
    expect(updateParameters(workspaceWith(0, 0.5), configs['clip-norm'], undefined, true).info).toEqual({ gradientNorm: Math.sqrt(0.25 * 21), clipped: true });
  });

  it('an Adagrad run cannot start without a memory the size of the parameters', () => {
    const small = datasetFromText('Ab\nCd\n', 'small');
    const config = { hidden: 2, iterations: 3, lr: 0.1, clip: 5, every: 10, samples: 0, optimizer: 'adagrad' as const };
    const from = { params: templateInit(2, small.vocabulary.length), aLast: new Float64Array(2), smoothedLoss: 1, iterationsRun: 0 };
    expect(() => new TrainingRun(small, config, from)).toThrow('an Adagrad run needs a memory of');
  });
});
