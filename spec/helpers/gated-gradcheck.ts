/**
 * The gated specs' gradient-check helpers: the complex step, fixed-step central differences and
 * the worst relative disagreement over named matrices. They live in the product
 * (src/gradcheck/generic.ts, used by `rnn-oracle gradcheck --cell`); this re-exports them.
 */
export {
  centralDifferenceGradient,
  COMPLEX_STEP_H,
  complexStepGradient,
  worstDisagreement,
  type Disagreement,
  type Named,
  type NamedLoss,
} from '../../src/gradcheck/generic.js';
