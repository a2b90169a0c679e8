// The wrong backwards of spec/gradcheck/generic.spec.ts, as backward options of src/gradcheck/cells.ts,
// shared by bench/gradcheck-cells.mjs and bench/gradcheck-cell-floor.mjs. Uses dist/.
import { backpropBlend } from '../dist/reference/gru/cell.js';
import { zeros } from '../dist/reference/linalg.js';

/** LSTM: the cell state's gradient not carried back through the forget gate, (L19). */
export const carryDropped = { cellCarry: (dc) => dc.map(() => 0) };
/** GRU: the blend's (1 − Γu) path dropped, (G11)–(G13). */
export const blendDropped = {
  blend: (kind, da, s) => {
    const r = backpropBlend(kind, da, s);
    const zero = da.map(() => 0);
    return kind === 'gate-keeps-old' ? { ...r, dTilde: zero } : { ...r, daPrev: zero };
  },
};
/** Stacked RNN: (D6)'s input term dropped. */
export const inputDropped = { throughInput: (layer) => zeros(layer.Wax.size()[1], 1) };
