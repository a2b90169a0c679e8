/**
 * The known-mistake catalogue of the gated and stacked cells: each a wrong computation of the
 * case (cells/evaluate.ts with a slip), named by the equation it breaks. The GRU's other three
 * conventions are here too, as `convention`s: a result that matches one is not a bug, it answers
 * another question, and the diagnosis says so.
 */
import { GRU_VARIANTS, type GruVariant } from '../../reference/gru/types.js';
import { MISTAKES } from '../mistakes.js';
import type { CellHow } from './evaluate.js';
import type { CellCase } from './model.js';

export interface CellMistake {
  readonly id: string;
  /** 'convention': another correct convention (GRU), not a mistake. */
  readonly kind: 'mistake' | 'convention';
  /** Completes "… is what you get when …" (a mistake), or names the convention. */
  readonly when: (c: CellCase) => string;
  readonly applies: (c: CellCase) => boolean;
  readonly how: (c: CellCase) => CellHow;
}

const isLstm = (c: CellCase) => c.model.cell === 'lstm';
const isGru = (c: CellCase) => c.model.cell === 'gru';
const gruOf = (c: CellCase) => c.model.variant as GruVariant;
const vanilla = (id: string) => MISTAKES.find((m) => m.id === id)!.when;

/** "(G4) reset after the recurrent product (cuDNN, PyTorch, Keras reset_after)", and so on. */
export function conventionName(v: GruVariant): string {
  const reset = v.reset === 'after-matmul' ? '(G4) reset after the recurrent product, as cuDNN, PyTorch and Keras (reset_after) do' : '(G3) reset before the recurrent product, as Cho et al. 2014 and d2l do';
  const blend = v.blend === 'gate-keeps-old' ? '(G5) a⟨t⟩ = Γu⊙a⟨t−1⟩ + (1 − Γu)⊙ã, as PyTorch and Cho et al. do' : '(G6) a⟨t⟩ = (1 − Γu)⊙a⟨t−1⟩ + Γu⊙ã, as Chung et al. and the course do';
  return `${reset}; ${blend}`;
}

const short = (v: GruVariant) => `reset ${v.reset}, blend ${v.blend}`;

export const CELL_MISTAKES: readonly CellMistake[] = [
  {
    id: 'lstm-no-cell-carry',
    kind: 'mistake',
    when: () => 'the cell state’s gradient is not carried back through the forget gate — (L19) dc⟨t−1⟩ = dc⟨t⟩ ⊙ Γf⟨t⟩ is left out, so (L15) gets no dcNext',
    applies: isLstm,
    how: () => ({ slip: { noCellCarry: true } }),
  },
  {
    id: 'lstm-output-gate-c-for-tanh-c',
    kind: 'mistake',
    when: () => 'c⟨t⟩ is used where tanh(c⟨t⟩) belongs in the output gate’s gradient — (L14) dzo = da⟨t⟩ ⊙ tanh(c⟨t⟩) ⊙ Γo(1 − Γo), from (L7) a = Γo ⊙ tanh(c)',
    applies: isLstm,
    how: () => ({ slip: { outputGateUsesC: true } }),
  },
  {
    id: 'lstm-cell-tanh-derivative-dropped',
    kind: 'mistake',
    when: () => 'the tanh derivative is left out of the cell state’s gradient from a⟨t⟩ — (L15) dc⟨t⟩ = dcNext + da⟨t⟩ ⊙ Γo ⊙ (1 − tanh²c⟨t⟩)',
    applies: isLstm,
    how: () => ({ slip: { cellTanhDerivativeDropped: true } }),
  },
  {
    id: 'lstm-sigmoid-prime-as-sigmoid',
    kind: 'mistake',
    when: () => 'the gates’ derivative σ′(z) is written as σ(z) — Γ instead of Γ⊙(1 − Γ) in (L14), (L16), (L17)',
    applies: isLstm,
    how: () => ({ slip: { sigmoidPrimeAsSigmoid: true } }),
  },
  {
    id: 'gru-sigmoid-prime-as-sigmoid',
    kind: 'mistake',
    when: () => 'the gates’ derivative σ′(z) is written as σ(z) — Γ instead of Γ⊙(1 − Γ) in (G12), (G17)',
    applies: isGru,
    how: () => ({ slip: { sigmoidPrimeAsSigmoid: true } }),
  },
  {
    id: 'gru-one-minus-path-dropped',
    kind: 'mistake',
    when: (c) =>
      gruOf(c).blend === 'gate-keeps-old'
        ? 'the blend’s (1 − Γu) path is left out of the backward pass — (G11) dã = da ⊙ (1 − Γu) under (G5), so the candidate gets no gradient'
        : 'the blend’s (1 − Γu) path is left out of the backward pass — (G13) da⟨t−1⟩ ∋ da ⊙ (1 − Γu) under (G6), so the old state gets no direct gradient',
    applies: isGru,
    how: () => ({ slip: { dropOneMinusPath: true } }),
  },
  ...GRU_VARIANTS.map(
    (v): CellMistake => ({
      id: `gru-convention ${short(v)}`,
      kind: 'convention',
      when: (c) => `the ${short(v)} convention — ${conventionName(v)}; the case asks for ${short(gruOf(c))}`,
      applies: (c) => isGru(c) && short(gruOf(c)) !== short(v),
      how: () => ({ gru: v }),
    }),
  ),
  {
    id: 'deep-no-gradient-from-above',
    kind: 'mistake',
    when: () => 'a lower layer does not receive the upper layer’s ∂L/∂a — (D6) da[l]⟨t⟩ = Wax[l+1]ᵀ·dz[l+1]⟨t⟩ + daNext[l] without its first term',
    applies: (c) => c.model.cell === 'rnn' && c.model.layers > 1,
    how: () => ({ slip: { noGradientFromAbove: true } }),
  },
  { id: 'mean-over-time', kind: 'mistake', when: () => vanilla('mean-over-time'), applies: (c) => c.inputs.length > 1, how: () => ({ meanOverTime: true }) },
  { id: 'mean-loss-summed-gradients', kind: 'mistake', when: () => vanilla('mean-loss-summed-gradients'), applies: (c) => c.inputs.length > 1, how: () => ({ meanLoss: true }) },
  { id: 'update-sign', kind: 'mistake', when: () => vanilla('update-sign'), applies: (c) => c.lr !== undefined, how: () => ({ updateSign: 1 }) },
  { id: 'adagrad-instead-of-sgd', kind: 'mistake', when: () => vanilla('adagrad-instead-of-sgd'), applies: (c) => c.lr !== undefined, how: () => ({ update: 'adagrad' }) },
];
