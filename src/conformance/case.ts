/** Reading a conformance case into the reference's types, with one-line errors naming the JSON path. */
import { UserInputError } from '../errors.js';
import type { Problem } from '../gradcheck/problem.js';
import { isNonFiniteString } from '../data/json-numbers.js';
import { checkTarget, inputVector } from '../reference/inputs.js';
import { column, fromRows, zeros } from '../reference/linalg.js';
import { dimensions, PARAM_NAMES, type Params } from '../reference/types.js';
import { MAX_STEPS, MAX_WIDTH } from './limits.js';
import { caseSchema, issueLine, type CaseJson } from './schema.js';

/** Bad input from the user: printed as one line, exit code 2. */
export class ConformanceInputError extends UserInputError {}

export interface ParsedCase {
  readonly json: CaseJson;
  readonly problem: Problem;
  readonly clip?: number;
  readonly lr?: number;
  /** Written as a case@2 (cell "rnn", one layer): the result is a result@2. */
  readonly format2?: true;
}

/** The first "NaN"/"Infinity"/"-Infinity" string under a value, as a JSON path. */
export function firstNonFinite(v: unknown, path: string): string | undefined {
  if (isNonFiniteString(v)) return path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = firstNonFinite(v[i], `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const hit = firstNonFinite(x, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Rows of a rectangular matrix, or an error naming the first ragged row. */
function rectangular(rows: number[][], path: string, source: string): number[][] {
  rows.forEach((r, i) => {
    if (r.length !== rows[0].length) throw new ConformanceInputError(`${source}: ${path}[${i}]: has ${r.length} entries, row 0 has ${rows[0].length}`);
  });
  return rows;
}

/** A vector given flat or n×1, as a flat array. */
export function flatVector(v: readonly (number | readonly number[])[]): number[] {
  return v.map((x) => (Array.isArray(x) ? x[0] : x) as number);
}

/** JSON text parsed (anything else as given), or an error naming `source`. */
export function parsedJson(input: string | unknown, source: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    throw new ConformanceInputError(`${source}: not JSON (${(error as Error).message})`);
  }
}

/** Validates a case (text or parsed JSON); `source` prefixes every error. */
export function parseCase(input: string | unknown, source = 'case'): ParsedCase {
  const raw = parsedJson(input, source);
  const nonFinite = firstNonFinite(raw, '$');
  if (nonFinite) throw new ConformanceInputError(`${source}: ${nonFinite}: non-finite numbers are not allowed in a case`);
  const parsed = caseSchema.safeParse(raw);
  if (!parsed.success) throw new ConformanceInputError(`${source}: ${issueLine(parsed.error.issues[0])}`);
  const json = parsed.data;
  const p = json.params;
  // an empty matrix has no shape to report (it would read as 0×1); no parameter may be empty, as nA, nY ≥ 1
  const empty = PARAM_NAMES.find((n) => p[n].length === 0);
  if (empty) throw new ConformanceInputError(`${source}: $.params.${empty}: is empty; every parameter has at least one row (nA and nY are at least 1)`);
  // sizes first, before anything is built from them
  const widths = { nA: p.ba.length, nX: Math.max(p.Wax.length, p.Wax[0]?.length ?? 0), nY: p.by.length };
  const wide = (['nA', 'nX', 'nY'] as const).find((k) => widths[k] > MAX_WIDTH);
  if (wide) throw new ConformanceInputError(`${source}: $.params: ${wide} = ${widths[wide]} is more than this kit handles (${MAX_WIDTH})`);
  if (json.inputs.length > MAX_STEPS) {
    throw new ConformanceInputError(`${source}: $.inputs: ${json.inputs.length} steps is more than this kit handles (${MAX_STEPS}); check a shorter sequence, or chunks of it (a0 carries the state)`);
  }
  const params: Params = {
    Wax: fromRows(rectangular(p.Wax, '$.params.Wax', source)),
    Waa: fromRows(rectangular(p.Waa, '$.params.Waa', source)),
    Wya: fromRows(rectangular(p.Wya, '$.params.Wya', source)),
    ba: column(flatVector(p.ba)),
    by: column(flatVector(p.by)),
  };
  let dims;
  try {
    dims = dimensions(params);
  } catch (error) {
    throw new ConformanceInputError(`${source}: ${(error as Error).message.replace(/^(\w+) must be/, '$.params.$1: must be')}`);
  }
  const { nA, nX, nY } = dims;
  const a0 = json.a0 ? flatVector(json.a0) : undefined;
  if (a0 && a0.length !== nA) throw new ConformanceInputError(`${source}: $.a0: must have ${nA} entries (nA), got ${a0.length}`);
  if (json.inputs.length !== json.targets.length) {
    throw new ConformanceInputError(`${source}: $.targets: must have one entry per input (${json.inputs.length}), got ${json.targets.length}`);
  }
  try {
    json.inputs.forEach((x, t) => inputVector(x, nX, `$.inputs[${t}]`));
    json.targets.forEach((k, t) => checkTarget(k, nY, `$.targets[${t}]`));
  } catch (error) {
    throw new ConformanceInputError(`${source}: ${(error as Error).message.replace(/^(\$\S+) must/, '$1: must')}`);
  }
  const problem: Problem = { params, a0: a0 ? column(a0) : zeros(nA, 1), inputs: json.inputs, targets: json.targets };
  return { json, problem, clip: json.clip, lr: json.lr };
}
