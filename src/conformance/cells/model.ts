/**
 * A case@2 for a gated or stacked cell, read into a model: the cell, its variant, its parameters
 * and initial states by name, each checked against the cell's shapes with a one-line error naming
 * the JSON path. Stacked layers are named as the gradient checker names them: Wax[1], a0[2], ….
 *
 * Shapes: nA = hidden size (per layer when stacked), nX = input size, nY = output size.
 */
import { gruShapes, type GruVariant } from '../../reference/gru/types.js';
import { checkTarget, inputVector, type Input } from '../../reference/inputs.js';
import { lstmShapes, type LstmVariant } from '../../reference/lstm/types.js';
import { ConformanceInputError, flatVector } from '../case.js';
import { MAX_CELL_STEPS, MAX_CELL_WIDTH } from '../limits.js';
import type { CaseJson2, CellKind } from '../schema2.js';

export type CellVariant = LstmVariant | GruVariant;
type Shape = [number, number];

export interface CellModel {
  readonly cell: CellKind;
  readonly layers: number;
  readonly variant?: CellVariant;
  /** Parameters by name, in the order the cell lists them, as rows (vectors n×1). */
  readonly params: Record<string, number[][]>;
  /** Initial states by name (a0, c0; a0[1], a0[2], … when stacked), as n×1 rows. */
  readonly states: Record<string, number[][]>;
  readonly nX: number;
  readonly nY: number;
}

/** A case@2 of a gated or stacked cell (a one-layer rnn case@2 is read as case@1: case.ts). */
export interface CellCase {
  readonly kind: 'cell';
  readonly json: CaseJson2;
  readonly model: CellModel;
  readonly inputs: readonly Input[];
  readonly targets: readonly number[];
  readonly clip?: number;
  readonly lr?: number;
}

/** "lstm (split)", "gru (reset after-matmul, blend gate-keeps-old)", "rnn, 2 layers". */
export function modelName(m: Pick<CellModel, 'cell' | 'layers' | 'variant'>): string {
  if (m.cell === 'rnn') return `rnn, ${m.layers} layers`;
  return `${m.cell} (${variantName(m.variant!)})`;
}

export function variantName(v: CellVariant): string {
  return typeof v === 'string' ? v : `reset ${v.reset}, blend ${v.blend}`;
}

/** The parameter shapes of a model (stacked: per layer, from the sizes nX, nA[1], …, nA[L]). */
export function parameterShapes(cell: CellKind, variant: CellVariant | undefined, sizes: readonly number[], nY: number): Record<string, Shape> {
  const [nX, nA] = sizes;
  if (cell === 'lstm') return lstmShapes(variant as LstmVariant, { nA, nX, nY });
  if (cell === 'gru') return gruShapes(variant as GruVariant, { nA, nX, nY });
  const out: Record<string, Shape> = {};
  for (let l = 1; l < sizes.length; l++) Object.assign(out, { [`Wax[${l}]`]: [sizes[l], sizes[l - 1]], [`Waa[${l}]`]: [sizes[l], sizes[l]], [`ba[${l}]`]: [sizes[l], 1] });
  return { ...out, Wya: [nY, sizes[sizes.length - 1]], by: [nY, 1] };
}

/** The JSON path of a parameter name: $.params.Wf, or $.params.layers[0].Wax for Wax[1]. */
export function paramPath(name: string, root = '$.params'): string {
  const m = /^(\w+)\[(\d+)\]$/.exec(name);
  return m ? `${root}.layers[${Number(m[2]) - 1}].${m[1]}` : `${root}.${name}`;
}

const fail = (source: string, text: string): never => {
  throw new ConformanceInputError(`${source}: ${text}`);
};

/** The case's named matrices, flattened (layers[k].Wax → Wax[k+1]), with the path of each. */
function flatten(params: CaseJson2['params'], source: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, v] of Object.entries(params)) {
    if (name !== 'layers') out.set(name, v);
    else if (!Array.isArray(v) || v.some((x) => !x || typeof x !== 'object' || Array.isArray(x))) fail(source, '$.params.layers: must be a list of {Wax, Waa, ba}');
    else (v as Record<string, unknown>[]).forEach((layer, k) => Object.entries(layer).forEach(([n, m]) => out.set(`${n}[${k + 1}]`, m)));
  }
  return out;
}

/** Rows of a named matrix of the expected shape, or a one-line error naming its path. */
function rowsOf(v: unknown, [r, c]: Shape, path: string, source: string): number[][] {
  const rows = c === 1 && Array.isArray(v) && v.every((x) => typeof x === 'number' || (Array.isArray(x) && x.length === 1)) ? flatVector(v as number[]).map((x) => [x]) : (v as number[][]);
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'))) fail(source, `${path}: must be ${r}×${c} nested rows of numbers`);
  const got = `${rows.length}×${rows[0]?.length ?? 0}`;
  if (rows.length !== r || rows.some((row) => row.length !== c)) fail(source, `${path}: must be ${r}×${c}, got ${got}${rows.some((row) => row.length !== rows[0].length) ? ' (ragged)' : ''}`);
  return rows;
}

/** Reads a validated case@2 of a gated or stacked cell into a model. */
export function parseCellCase(json: CaseJson2, source: string): CellCase {
  const { cell } = json;
  const layers = json.layers ?? 1;
  if (cell !== 'rnn' && layers !== 1) fail(source, `$.layers: stacked layers are defined for the rnn cell only (docs/deep.md), got ${layers} for ${cell}`);
  if (cell === 'rnn' && json.variant !== undefined) fail(source, '$.variant: the rnn cell has no variants');
  if (cell === 'lstm' && typeof json.variant !== 'string') fail(source, '$.variant: the lstm cell needs "course" or "split"');
  if (cell === 'gru' && (json.variant === undefined || typeof json.variant === 'string')) fail(source, '$.variant: the gru cell needs {"reset": …, "blend": …}');
  if (cell !== 'lstm' && json.c0 !== undefined) fail(source, '$.c0: only the lstm cell has a cell state');
  const named = flatten(json.params, source);
  const get = (name: string) => named.get(name) ?? fail(source, `${paramPath(name)}: missing`);
  const widthOf = (name: string) => {
    const v = get(name);
    return Array.isArray(v) ? v.length : 0;
  };
  // sizes from the biases and the input matrix, then every shape checked against them
  const nY = widthOf('by');
  const nA = cell === 'lstm' ? (json.variant === 'split' ? widthOf('bih') / 4 : widthOf('bf')) : cell === 'gru' ? widthOf('ba') : widthOf('ba[1]');
  const firstRow = (name: string) => ((get(name) as unknown[][])[0]?.length ?? 0);
  const nX = cell === 'lstm' ? (json.variant === 'split' ? firstRow('Wih') : firstRow('Wf') - nA) : cell === 'gru' ? firstRow('Wax') : firstRow('Wax[1]');
  const sizes = cell === 'rnn' ? [nX, ...Array.from({ length: layers }, (_, k) => widthOf(`ba[${k + 1}]`))] : [nX, nA];
  const tooWide = [...sizes, nY].find((n) => n > MAX_CELL_WIDTH);
  if (tooWide !== undefined) fail(source, `$.params: a size of ${tooWide} is more than this kit handles for a ${cell} cell (${MAX_CELL_WIDTH})`);
  if (json.inputs.length > MAX_CELL_STEPS) fail(source, `$.inputs: ${json.inputs.length} steps is more than this kit handles for a ${cell} cell (${MAX_CELL_STEPS}); check chunks of it (a0 carries the state)`);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) fail(source, `$.params: cannot read the sizes (nX = ${nX}, nA = ${sizes.slice(1).join(', ')}) from the ${cell} cell's matrices`);
  const shapes = parameterShapes(cell, json.variant, sizes, nY);
  const unknown = [...named.keys()].find((k) => !(k in shapes));
  if (unknown) fail(source, `${paramPath(unknown)}: not a parameter of ${modelName({ cell, layers, variant: json.variant })} (it has ${Object.keys(shapes).join(', ')})`);
  const params = Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, rowsOf(get(name), shape, paramPath(name), source)]));
  const states: Record<string, number[][]> = {};
  if (cell === 'rnn') {
    const given = json.a0 as unknown[] | undefined;
    if (given && given.length !== layers) fail(source, `$.a0: must hold one vector per layer (${layers}), got ${given.length}`);
    for (let l = 1; l <= layers; l++) states[`a0[${l}]`] = given ? rowsOf(given[l - 1], [sizes[l], 1], `$.a0[${l - 1}]`, source) : zerosRows(sizes[l]);
  } else {
    states.a0 = json.a0 ? rowsOf(json.a0, [nA, 1], '$.a0', source) : zerosRows(nA);
    if (cell === 'lstm') states.c0 = json.c0 ? rowsOf(json.c0, [nA, 1], '$.c0', source) : zerosRows(nA);
  }
  if (json.inputs.length !== json.targets.length) fail(source, `$.targets: must have one entry per input (${json.inputs.length}), got ${json.targets.length}`);
  try {
    json.inputs.forEach((x, t) => inputVector(x, nX, `$.inputs[${t}]`));
    json.targets.forEach((k, t) => checkTarget(k, nY, `$.targets[${t}]`));
  } catch (error) {
    fail(source, (error as Error).message.replace(/^(\$\S+) must/, '$1: must'));
  }
  const model: CellModel = { cell, layers, variant: json.variant, params, states, nX, nY };
  return { kind: 'cell', json, model, inputs: json.inputs, targets: json.targets, clip: json.clip, lr: json.lr };
}

const zerosRows = (n: number) => Array.from({ length: n }, () => [0]);
