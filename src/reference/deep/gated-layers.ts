/**
 * One gated layer of a stack run over t = 1…T: forward, and BPTT given what reaches a⟨t⟩ from
 * above at each t (D12) — the LSTM's (L13)–(L22) and the GRU's (G10)–(G19) with Wyaᵀ·do replaced
 * by that gradient — returning ∂L/∂x⟨t⟩ for the layer below, (D10) / (D11). docs/deep.md.
 *
 * Shapes: nA = the layer's hidden size, nX = its input size; `named` holds the gate parameters as
 * lstmShapes / gruShapes name them (no Wya, by: only the top layer of a stack has an output layer).
 */
import { gruInputGradient } from '../gru/bptt.js';
import { backpropBlend, backpropCandidate as gruCandidate, backpropGates, gruCellForward, type GruCellCache } from '../gru/cell.js';
import { gruShapes, type GruParams, type GruVariant } from '../gru/types.js';
import { plus, zeros, type Matrix } from '../linalg.js';
import { lstmInputGradient } from '../lstm/bptt.js';
import * as lstm from '../lstm/cell.js';
import { lstmShapes, type LstmParams, type LstmVariant } from '../lstm/types.js';

export type StackedCell = { readonly kind: 'lstm'; readonly variant: LstmVariant } | { readonly kind: 'gru'; readonly variant: GruVariant };

/** A layer's gate parameters by name (`Wf`…, `Wih`…, `Wrx`…). */
export type GateParams = Readonly<Record<string, Matrix>>;

/** A layer's initial state: a⟨0⟩, and c⟨0⟩ for the LSTM. */
export interface LayerState {
  readonly a: Matrix;
  readonly c?: Matrix;
}

/** What one layer's backward pass returns. */
export interface LayerBackward {
  /** ∂L/∂(each gate parameter), keyed d + its name. */
  readonly dParams: Readonly<Record<string, Matrix>>;
  readonly da0: Matrix;
  readonly dc0?: Matrix;
  /** ∂L/∂x⟨t⟩ at each t: what the layer below receives at its a⟨t⟩. */
  readonly dx: readonly Matrix[];
}

/** The gate parameters' names and shapes for a layer of nA units reading nX inputs. */
export function gateShapes(cell: StackedCell, nA: number, nX: number): Record<string, [number, number]> {
  const all = cell.kind === 'lstm' ? lstmShapes(cell.variant, { nA, nX, nY: 1 }) : gruShapes(cell.variant, { nA, nX, nY: 1 });
  const { Wya: _Wya, by: _by, ...gates } = all;
  return gates;
}

/** nX of a layer: Wf's columns beyond its rows (course LSTM, v = [a; x]), Wih's or Wax's columns. */
export function inputSize(cell: StackedCell, named: GateParams): number {
  if (cell.kind === 'lstm' && cell.variant === 'course') return named.Wf.size()[1] - named.Wf.size()[0];
  return named[cell.kind === 'lstm' ? 'Wih' : 'Wax'].size()[1];
}

/** The layer as the single cell's params, so the cell's own functions run it (they never read Wya, by). */
const asLstm = (cell: StackedCell, named: GateParams) => ({ variant: cell.variant, ...named }) as unknown as LstmParams;
const asGru = (cell: StackedCell, named: GateParams) => ({ variant: cell.variant, ...named }) as unknown as GruParams;

/** (L1)–(L7) or (G1)–(G6) at every t, x⟨t⟩ = `xs[t − 1]`: each step's cache (its `a` is the layer's a⟨t⟩). */
export function layerForward(cell: StackedCell, named: GateParams, xs: readonly Matrix[], state: LayerState): (lstm.LstmCellCache | GruCellCache)[] {
  const steps: (lstm.LstmCellCache | GruCellCache)[] = [];
  let a = state.a;
  let c = state.c as Matrix;
  for (const x of xs) {
    if (cell.kind === 'lstm') {
      const s = lstm.lstmCellForward(asLstm(cell, named), x, a, c);
      steps.push(s);
      c = s.c;
    } else steps.push(gruCellForward(asGru(cell, named), x, a));
    a = steps[steps.length - 1].a;
  }
  return steps;
}

/** (D12) — BPTT through one layer, da⟨t⟩ = dAbove[t − 1] + daNext; sums the gate terms, sends (D10)/(D11) down. */
export function layerBackward(cell: StackedCell, named: GateParams, steps: readonly (lstm.LstmCellCache | GruCellCache)[], dAbove: readonly Matrix[], sizes: { nA: number; nX: number }): LayerBackward {
  const sums: Record<string, Matrix> = {};
  for (const [name, [r, c]] of Object.entries(gateShapes(cell, sizes.nA, sizes.nX))) sums[name] = zeros(r, c);
  const add = (terms: Readonly<Record<string, Matrix>>) => {
    for (const [name, term] of Object.entries(terms)) sums[name] = plus(sums[name], term);
  };
  let daNext = zeros(sizes.nA, 1);
  let dcNext = zeros(sizes.nA, 1);
  const dx: Matrix[] = [];
  for (let t = steps.length - 1; t >= 0; t--) {
    const da = plus(dAbove[t], daNext); // (D12): (L13)/(G10) with the layer above's (D10)/(D11) for Wyaᵀ·do
    if (cell.kind === 'lstm') {
      const p = asLstm(cell, named);
      const s = steps[t] as lstm.LstmCellCache;
      const zo = lstm.backpropOutputGate(da, s); // (L14)
      const dc = lstm.backpropCellState(da, dcNext, s); // (L15)
      const dz = { zf: lstm.backpropForgetGate(dc, s), zi: lstm.backpropInputGate(dc, s), zc: lstm.backpropCandidate(dc, s), zo }; // (L16)–(L18)
      dcNext = lstm.backpropCellCarry(dc, s); // (L19)
      const { terms, daPrev } = lstm.backpropGateAffine(p, s, dz); // (L20)–(L22)
      add(terms);
      daNext = daPrev;
      dx[t] = lstmInputGradient(p, dz); // (D10)
    } else {
      const p = asGru(cell, named);
      const s = steps[t] as GruCellCache;
      const b = backpropBlend(p.variant.blend, da, s); // (G11)–(G13)
      const cand = gruCandidate(p, s, b.dTilde); // (G14)–(G16)
      const gates = backpropGates(p, s, cand.dGr, b.dzu); // (G17)–(G19)
      add(cand.terms);
      add(gates.terms);
      daNext = plus(plus(b.daPrev, cand.daPrev), gates.daPrev);
      dx[t] = gruInputGradient(p, s, b.dTilde, cand.dGr, b.dzu); // (D11)
    }
  }
  const dParams = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [`d${name}`, sum]));
  return cell.kind === 'lstm' ? { dParams, da0: daNext, dc0: dcNext, dx } : { dParams, da0: daNext, dx };
}
