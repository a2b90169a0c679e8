/**
 * What the plain-loop cell evaluators read of a model: its parameters and initial states by name
 * (as n×m rows; vectors n×1), its variant and its number of layers. The conformance kit's
 * CellModel (src/conformance/cells/model.ts) and the gradient checker's cell problems
 * (src/gradcheck/cells.ts) both are one.
 */
import type { GruVariant } from '../../reference/gru/types.js';
import type { LstmVariant } from '../../reference/lstm/types.js';

export interface CellNet {
  /** Layers of a stacked RNN (1 for the gated cells). */
  readonly layers: number;
  readonly variant?: LstmVariant | GruVariant;
  /** Parameters by name: Wf, bih, Wax[1], …; every one gets a gradient. */
  readonly params: Record<string, number[][]>;
  /** Initial states by name: a0, c0; a0[1], a0[2], … when stacked. */
  readonly states: Record<string, number[][]>;
}
