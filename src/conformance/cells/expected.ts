/**
 * A cell case's expected values and tolerances, as the vanilla cell's (conditioning.ts): the
 * expected values on 40-digit BigNumbers (evaluate.ts), and each quantity's tolerance from the
 * spread of STUDY_RUNS Monte Carlo float64 (or float32) evaluations of the same equations.
 * Quantity names: loss, a, yHat, d<name> for every parameter and initial state (dWf, dc0, dWax[1],
 * da0[2]), clipped d<name>, updated <name>.
 */
import { study, type Precision, type QuantityConditioning } from '../conditioning.js';
import type { Arithmetic } from '../rounded.js';
import { roundedNum } from '../../numerics/cells/num.js';
import { cellExpected, evaluateCell, type CellHow, type CellQuantities } from './evaluate.js';
import type { CellCase } from './model.js';

/** Every quantity by its report name. */
export function cellTable(q: CellQuantities): Map<string, number[][]> {
  const t = new Map<string, number[][]>([['loss', [[q.loss]]], ['a', q.a], ['yHat', q.yHat]]);
  for (const [k, v] of Object.entries(q.gradients)) t.set(`d${k}`, v);
  for (const [k, v] of Object.entries(q.clipped ?? {})) t.set(`clipped d${k}`, v);
  for (const [k, v] of Object.entries(q.updated ?? {})) t.set(`updated ${k}`, v);
  return t;
}

/** The conditioning study of a cell case; `exact` is cellExpected(c, how). */
export function cellConditioning(c: CellCase, precision: Precision, how: CellHow = {}, exact = cellExpected(c, how)): Map<string, QuantityConditioning> {
  return study(cellTable(exact), (ar: Arithmetic) => cellTable(evaluateCell(c, roundedNum(ar), how)), precision);
}
