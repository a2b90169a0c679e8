/** Reading a case@2 of a gated or stacked cell (cells/model.ts): what is refused, where, and what is read. */
import { describe, expect, it } from 'vitest';
import { parseAnyCase, toCellResultJson } from '../../src/conformance/any-case.js';
import { cellExpected } from '../../src/conformance/cells/evaluate.js';
import { ConformanceInputError } from '../../src/conformance/case.js';
import type { CellCase } from '../../src/conformance/cells/model.js';

const filled = (r: number, c: number, v = 0.1) => Array.from({ length: r }, () => Array<number>(c).fill(v));
const vec = (n: number, v = 0.1) => Array<number>(n).fill(v);
/** A GRU (reset before-matmul) case@2 written out by hand: nX, nA, nY, T steps of input 0. */
function gru(nX: number, nA: number, nY: number, T = 2): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const gate = (W: string, U: string, b: string) => ({ [W]: filled(nA, nX), [U]: filled(nA, nA), [b]: vec(nA) });
  return {
    format: 'rnn-oracle/case@2',
    cell: 'gru',
    variant: { reset: 'before-matmul', blend: 'gate-keeps-old' },
    params: { ...gate('Wrx', 'Wra', 'br'), ...gate('Wux', 'Wua', 'bu'), ...gate('Wax', 'Waa', 'ba'), Wya: filled(nY, nA), by: vec(nY) },
    inputs: Array(T).fill(0),
    targets: Array(T).fill(0),
  };
}
/** A stacked rnn case@2 of the given layer widths. */
function stacked(nX: number, widths: number[], nY = 2): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const layers = widths.map((n, k) => ({ Wax: filled(n, k === 0 ? nX : widths[k - 1]), Waa: filled(n, n), ba: vec(n) }));
  return { format: 'rnn-oracle/case@2', cell: 'rnn', layers: widths.length, params: { layers, Wya: filled(nY, widths.at(-1)!), by: vec(nY) }, inputs: [0, 1], targets: [0, 1] };
}
/** The one-line refusal, or "accepted"; anything but a ConformanceInputError fails the test. */
const refusal = (c: unknown): string => {
  try {
    parseAnyCase(c, 'c.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConformanceInputError);
    return (error as Error).message;
  }
  return 'accepted';
};

describe('case@2 sizes: what the kit accepts and what it refuses', () => {
  it('accepts a cell 32 wide (MAX_CELL_WIDTH) with nX = 1 and 200 steps (MAX_CELL_STEPS), and refuses 33 wide, naming the size', () => {
    expect(refusal(gru(1, 32, 1, 200))).toBe('accepted');
    expect(refusal(gru(1, 33, 1))).toMatch(/^c\.json: \$\.params: .*\b33\b/);
    expect(refusal(gru(1, 2, 33))).toMatch(/^c\.json: \$\.params: .*\b33\b/);
  });

  it('refuses sizes it cannot read: a split LSTM whose bih is not 4·nA long, an empty Wax, an empty layer', () => {
    const split = { format: 'rnn-oracle/case@2', cell: 'lstm', variant: 'split', params: { Wih: filled(6, 2), Whh: filled(6, 1), bih: vec(6), bhh: vec(6), Wya: filled(2, 1), by: vec(2) }, inputs: [0], targets: [0] };
    expect(refusal(split)).toMatch(/^c\.json: \$\.params: .*nA = 1\.5\)/);
    const noWax = gru(2, 2, 2);
    noWax.params.Wax = [];
    expect(refusal(noWax)).toMatch(/^c\.json: \$\.params: .*nX = 0\b/);
    const empty = stacked(2, [3, 2]);
    empty.params.layers[1].ba = [];
    expect(refusal(empty)).toMatch(/^c\.json: \$\.params: .*nA = 3, 0\)/);
  });
});

describe('case@2 parameters: shapes, layers and states, each refusal naming its JSON path', () => {
  it('refuses a layers entry that is not an object, with the path $.params.layers, and reads an empty list as no layers', () => {
    const two = stacked(2, [3, 2]);
    for (const layers of [[5], [[1]]]) expect(refusal({ ...two, params: { ...two.params, layers } })).toMatch(/^c\.json: \$\.params\.layers: /);
    expect(refusal({ ...two, params: { ...two.params, layers: [] } })).toMatch(/^c\.json: \$\.params\.layers\[0\]\.ba: /);
  });

  it('names layer 10 of a ten-layer rnn as $.params.layers[9]', () => {
    const ten = stacked(2, Array(10).fill(2));
    delete ten.params.layers[9].ba;
    expect(refusal(ten)).toMatch(/^c\.json: \$\.params\.layers\[9\]\.ba: /);
  });

  it('writes the result of a ten-layer rnn with its tenth layer nested as layers[9], as the case nests it', () => {
    const doc = toCellResultJson(parseAnyCase(stacked(2, Array(10).fill(1))) as CellCase, cellExpected(parseAnyCase(stacked(2, Array(10).fill(1))) as CellCase));
    const gradients = doc.gradients as { layers: Record<string, unknown>[]; a0: unknown[] };
    expect(Object.keys(gradients).sort()).toEqual(['Wya', 'a0', 'by', 'layers']);
    expect(gradients.layers.map((l) => Object.keys(l).sort())).toEqual(Array(10).fill(['Waa', 'Wax', 'ba']));
    expect(gradients.a0).toHaveLength(10);
  });

  it('refuses a matrix written flat, a ragged matrix, a vector written 2 wide or ragged, and an empty matrix, each naming its path', () => {
    const flat = gru(2, 3, 2);
    flat.params.Wux = vec(3);
    expect(refusal(flat)).toMatch(/^c\.json: \$\.params\.Wux: must be 3×2 nested rows/);
    const ragged = gru(2, 3, 2);
    ragged.params.Waa = [vec(3), vec(2), vec(3)];
    expect(refusal(ragged)).toMatch(/^c\.json: \$\.params\.Waa: .*\(ragged\)$/);
    const wide = gru(2, 2, 2);
    wide.params.bu = filled(2, 2);
    expect(refusal(wide)).toMatch(/^c\.json: \$\.params\.bu: must be 2×1, got 2×2$/);
    const raggedVector = gru(2, 2, 2);
    raggedVector.params.br = [[1], [2, 3]];
    expect(refusal(raggedVector)).toMatch(/^c\.json: \$\.params\.br: /);
    const none = gru(2, 2, 2);
    none.params.Wya = [];
    expect(refusal(none)).toMatch(/^c\.json: \$\.params\.Wya: must be 2×2, got 0×0$/);
  });

  it('reads a vector written n×1 as the same vector written flat', () => {
    const column = gru(2, 2, 2);
    column.params.bu = [[0.25], [-0.5]];
    const flat = gru(2, 2, 2);
    flat.params.bu = [0.25, -0.5];
    expect((parseAnyCase(column) as CellCase).model.params.bu).toEqual([[0.25], [-0.5]]);
    expect((parseAnyCase(column) as CellCase).model).toEqual((parseAnyCase(flat) as CellCase).model);
  });

  it('refuses a GRU without a variant, and a c0 on a cell that has no cell state, naming the key', () => {
    expect(refusal({ ...gru(2, 2, 2), variant: undefined })).toMatch(/^c\.json: \$\.variant: /);
    expect(refusal({ ...gru(2, 2, 2), c0: [0, 0] })).toMatch(/^c\.json: \$\.c0: /);
  });

  it('gives a GRU only a0 as its state, zeros when absent, and checks a given a0 by its path', () => {
    expect((parseAnyCase(gru(2, 3, 2)) as CellCase).model.states).toEqual({ a0: [[0], [0], [0]] });
    expect(refusal({ ...gru(2, 3, 2), a0: [1, 2] })).toMatch(/^c\.json: \$\.a0: must be 3×1, got 2×1$/);
    expect(refusal({ ...stacked(2, [3, 2]), a0: [[0, 0, 0], [0, 0, 0]] })).toMatch(/^c\.json: \$\.a0\[1\]: must be 2×1, got 3×1$/);
  });

  it('refuses targets that do not match the inputs in number or range, naming $.targets', () => {
    expect(refusal({ ...gru(2, 2, 3), targets: [0] })).toMatch(/^c\.json: \$\.targets: .*\(2\), got 1$/);
    expect(refusal({ ...gru(2, 2, 3), targets: [0, 3] })).toMatch(/^c\.json: \$\.targets\[1\]: .*\[0, 3\), got 3$/);
  });
});
