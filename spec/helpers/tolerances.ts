/** Every tolerance the specs use, in one place. Budgets of the checkers live in src/gradcheck. */

/** Identities that hold exactly in real arithmetic and differ only by float64 rounding. */
export const ROUNDING = 1e-12;
/** Comparing with the numpy-computed examples: same maths, different summation order. */
export const NUMPY_AGREEMENT = 1e-12;
/** Complex-step derivative of a scalar function of one variable against its closed form. */
export const COMPLEX_STEP_SCALAR = 1e-13;
/**
 * A number printed to 6 decimals (docs/model.md's worked example) against the value it rounds:
 * at most half a unit in the 6th decimal, plus float64 rounding of values below 10.
 */
export const PRINTED_6_DECIMALS = 0.5e-6 + 1e-14;
/** A literal (wrong) equation must miss the gradient by at least this relative error. */
export const CLEARLY_WRONG = 1e-3;
/**
 * The fast engine against the reference, relative to each quantity's largest entry: same maths,
 * float64 rounding in a different order (SIMD sums, batched outer products, −log ŷ instead of
 * log-softmax). Measured worst over 12,000 random models with weights in [−0.5, 0.5] and T ≤ 60:
 * 1.8e-13.
 */
export const ENGINE_AGREEMENT = 1e-12;
/**
 * The same with weights up to ±1, where the forward map can be expanding: differences of one
 * rounding grow along the sequence. Measured worst over 12,000 models at T ≤ 60: 7.1e-11.
 */
export const EXPANDING_ENGINE_AGREEMENT = 1e-9;
/**
 * Our training's final parameters against the independent numpy loop's after 300 iterations
 * (nA = 10, elements): measured 2.2e-16 apart at most (rounding in a different summation order).
 * One extra SGD step moves them by 1.4e-2, so this bound separates the two by ten orders.
 */
export const NUMPY_TRAINING_PARAMS = 1e-12;
/**
 * Our `--optimizer adagrad --chunk 25` run against bench/minchar_rnn.py (fixtures/minchar/, nA = 16,
 * 300 iterations). Not bit for bit: numpy's BLAS sums the products in another order and min-char-rnn
 * writes the step as (−lr·g)/√(m + ε), we as lr·(g/√(m + ε)). Rounding alone, one ulp in every
 * parameter (once, or after every iteration), moves the losses by at most 3.7e-14 relative and the
 * final parameters by 6.4e-13 (`node bench/minchar-spread.mjs`, 10 seeds); a different summation
 * order over n ≤ 25 terms differs by up to n ulps per product (γ_n = n·u), so 27× and 31× those
 * spreads. Measured: 1.4e-13 and 2.3e-12. Keeping no hidden state, no Adagrad memory, or taking
 * one step more moves them by more than 1e-3 (spec/train/minchar-agreement.spec.ts).
 */
export const MINCHAR_LOSS = 1e-12;
export const MINCHAR_PARAMS = 2e-11;
/**
 * Double-double exp, expm1, tanh, log, sqrt and division against 60-digit BigNumbers, relative:
 * double-double carries 106 bits (1.2e-32); QD's algorithms lose a few bits to argument reduction
 * and the final renormalisation, so 1e-30 is a hundredfold margin over the format's resolution.
 */
export const DOUBLE_DOUBLE_FUNCTION = 1e-30;
/**
 * One double-double add (QD's ieee_add, "AccurateDWPlusDW") and one product (Dekker's product plus
 * the cross terms, "DWTimesDW1"), relative to the exact result: the proven bounds of M. Joldes,
 * J.-M. Muller, V. Popescu, "Tight and rigorous error bounds for basic building blocks of
 * double-word arithmetic", ACM TOMS 44(2), 2017 — 3u²/(1 − 4u) and 7u², u = 2⁻⁵³. Measured on
 * 40,000 random normalised pairs (half with cancelling heads): at most 0.96u² and 1.8u².
 */
export const DOUBLE_DOUBLE_ADD = (3 * 2 ** -106) / (1 - 4 * 2 ** -53);
export const DOUBLE_DOUBLE_MUL = 7 * 2 ** -106;
/**
 * Where a gradient entry is a sum whose terms cancel exactly or almost (e.g. a true dba of −3e-62
 * from terms of size 1e-2), neither double-double (106 bits, 1.2e-32) nor a 60-digit evaluation
 * resolves the remainder below about 1e-32 of the quantity's scale: measured 1.4e-34 against
 * −3e-62. Such entries may differ by this much times max(1, the quantity's largest entry).
 */
export const EXACT_CANCELLATION = 1e-30;
/**
 * The engine's complex twin (src/engine/complex-forward.ts, complex-partials.ts) against the mathjs
 * reference's complex evaluation, relative to the sum of |terms| Im L / h is made of: the
 * same complex maths, rounded in a different order (tanh by its addition formula instead of
 * sinh/cosh, arg of the log-sum-exp instead of mathjs' Complex log). Weights in [−0.5, 0.5], T ≤ 12:
 * measured worst 3.1e-15 over 1,000 models along random directions and some hundreds entry by entry
 * (MEASURE_TWIN=1000 npx vitest run spec/engine/complex-forward.spec.ts prints it); 1e-12 is the
 * engine's own agreement budget (ENGINE_AGREEMENT).
 */
export const TWIN_AGREEMENT = 1e-12;
/**
 * BPTT of a gated or stacked cell (LSTM, GRU, deep vanilla RNN) against the complex-step
 * derivative, entry by entry, relative to max(1, the largest |entry| of that quantity). The
 * complex step (h = 1e-20) has no cancellation, so both are the exact gradient up to float64
 * rounding. Each entry sums ≤ 4T terms (T ≤ 4 in the specs), each a product along a path of about
 * 10 rounded operations: the textbook bound is about γ₄₀ = 40ε ≈ 9e-15 of Σ|terms|, and with
 * weights in [−1, 1] the terms are O(1), which the max(1, …) normalisation stands for. Measured
 * worst over 300 random models per variant (MEASURE_GATED=300 npx vitest run
 * spec/reference/lstm.spec.ts spec/reference/gru.spec.ts spec/reference/deep.spec.ts
 * --disableConsoleIntercept prints it): LSTM 4.4e-16 (both variants), GRU 7.8e-16 (all four
 * conventions), stacked vanilla RNN with L ≤ 3 layers 1.2e-15.
 */
export const GATED_COMPLEX_STEP = 1e-14;
/** The step of the central differences checked against a gated cell's BPTT. */
export const CENTRAL_DIFFERENCE_STEP = 1e-5;
/**
 * Central differences (h = 1e-5) against BPTT, relative as GATED_COMPLEX_STEP: rounding ε·|L|/h
 * ≈ 2.2e-11·|L| with |L| ≲ 20 on the specs' models, plus truncation h²/6·|L‴| ≈ 1.7e-11·|L‴|
 * with third derivatives of order ≤ 10² for weights in [−1, 1]; together ≲ 2e-9. Measured worst
 * over 300 models per variant: LSTM 2.2e-10, GRU 1.9e-10 (same command).
 */
export const CENTRAL_DIFFERENCE_GATED = 1e-8;
/**
 * A deliberately wrong gated backward (LSTM carry, GRU blend) must miss the complex step by at
 * least this: a thousand times GATED_COMPLEX_STEP, so that the failure cannot be rounding. It is
 * not CLEARLY_WRONG: on random models with weights on a 1/1000 grid, the dropped term can be as
 * small as 6.25e-4 of the quantity's scale (seen in MEASURE_GATED=300 runs of gru.spec.ts).
 */
export const GATED_CHECK_FAILS = 1e3 * GATED_COMPLEX_STEP;
/**
 * ∂l⟨T⟩/∂a⟨t⟩ by the product of step Jacobians (src/flow/flow.ts) against the complex step with
 * a⟨t⟩ injected, normwise: ‖walk − cs‖ / ‖cs‖. Both are exact up to float64 rounding; the walk's
 * error is about (T − t)·(nA + a few)·ε of Π‖|J|‖·‖v‖ (≈ 5·6·1.1e-16 ≈ 3e-15 for nA ≤ 3, T ≤ 5,
 * weights in [−1, 1]), and it is relative to the result only when the product does not cancel;
 * where it does, the normwise error grows by ‖|J|…‖/‖J…‖. Measured worst over 200 random models per
 * cell and variant whose loss reads the state (MEASURE_FLOW=300 npx vitest run spec/flow/flow.spec.ts
 * --disableConsoleIntercept): 9.5e-13 (LSTM course), 1.9e-13 vanilla; two runs of 200 and 300 gave
 * worsts 4.7e-13 and 9.5e-13, a tail set by cancellation. 1e-10 is a hundredfold margin over it; a
 * wrong Jacobian (the document's (22) without tanh′) misses by more than CLEARLY_WRONG = 1e-3.
 */
export const FLOW_COMPLEX_STEP = 1e-10;
/**
 * Σₛ ∂l⟨s⟩/∂a⟨0⟩ from the Jacobian products against the reference BPTT's ∂L/∂a⟨0⟩, normwise: the
 * same sums in another order. Measured worst over 300 models per cell and variant (same command):
 * 9.5e-14 (GRU after-matmul/gate-takes-new); 1e-11 leaves a hundredfold margin.
 */
export const FLOW_BPTT_SUM = 1e-11;
/**
 * ρ and σ₁ (src/flow/spectrum.ts) against numpy's (LAPACK dgeev, the 2-norm by SVD), relative to
 * σ₁ = ‖A‖₂: both are backward stable, so each is the exact value for A + E with ‖E‖ ≈ n·ε·‖A‖
 * (≤ 50·1.1e-16 ≈ 6e-15 here), and the eigenvalues of random Gaussian matrices are well
 * conditioned. Measured worst over spec/flow/numpy-spectrum.json (n ≤ 50): 4.5e-15.
 */
export const SPECTRUM_NUMPY = 1e-12;
/**
 * Eigenvalue moduli and σ₁ of Q·D·Qᵀ (Q a reflection, D rotation-scaling blocks, so A is normal and
 * every eigenvalue has condition 1) against the blocks' radii, relative to the largest radius:
 * the error is ‖E‖ ≈ n·ε·‖A‖ for n ≤ 10, plus the rounding of building A. Measured worst over
 * 3,000 random cases (a script with the spec's construction): 2.6e-15.
 */
export const SPECTRUM_KNOWN = 1e-12;
/**
 * Σλ against trace(A) and Σλ² against trace(A²), relative to n·‖A‖F² + n·‖A‖F (the size of the
 * terms either side sums): identities of exact arithmetic. Measured worst over 3,000 random
 * matrices, n ≤ 12, entries in [−1, 1]: 3.7e-16.
 */
export const SPECTRUM_TRACE = 1e-13;
/**
 * The fast LSTM and GRU (src/engine/lstm.ts, gru.ts) against their mathjs references, relative to
 * max(1, each quantity's largest entry): same maths, float64 rounding in a different order (SIMD
 * sums, batched outer products, packed gate blocks, −log ŷ instead of log-softmax). The brief's
 * budget, as ENGINE_AGREEMENT for the vanilla engine. Measured worst with weights in [−0.5, 0.5],
 * nA ≤ 8, V ≤ 9, T ≤ 40, 500 random models per variant: LSTM 8.5e-16, GRU 1.1e-15 (both LSTM
 * conventions, all four GRU ones); with weights in [−2, 2], 250 per variant: 1.1e-14 and 3.0e-14.
 * The stacked vanilla engine (src/engine/deep.ts, L ≤ 3 layers of ≤ 6 units, T ≤ 30): 9.3e-16.
 * MEASURE_GATED_ENGINE=500 npx vitest run spec/engine/lstm.spec.ts spec/engine/gru.spec.ts
 * --disableConsoleIntercept --testTimeout=1200000 prints the worst under each bound.
 */
export const GATED_ENGINE_AGREEMENT = 1e-12;
/**
 * The same with weights in [−4, 4]: saturated gates and expanding maps let one rounding difference
 * grow along the sequence (the GRU's more: its candidate path is not damped by an output gate).
 * Measured worst over 300 models per variant (same command, MEASURE_GATED_ENGINE=600): LSTM 4.5e-13,
 * GRU 3.2e-11; at [−6, 6] (150 per variant) 5.2e-12 and 3.2e-10, so the bound holds for ±4 with a
 * thirtyfold margin, as EXPANDING_ENGINE_AGREEMENT's fourteenfold for the vanilla engine. The
 * stacked vanilla engine is tested with weights in [−1, 1] against this bound too: it is the vanilla
 * cell, whose worst at that range was 7.1e-11 over 12,000 models (EXPANDING_ENGINE_AGREEMENT); the
 * stacked specs' smaller sizes measured 3.4e-14 over 250 models (MEASURE_GATED_ENGINE=500 … deep.spec.ts).
 * A measured bound is not a limit: one GRU drawn in a mutation run (kept in
 * spec/engine/gru-badly-conditioned.ts) differs by 2.4e-9, its dWrx having condition 1.3e8. The GRU's
 * expanding property therefore accepts, beyond this bound, twice the conformance kit's own tolerance
 * for the case (spec/helpers/gated-engine.ts, expectWithin).
 */
export const GATED_ENGINE_EXPANDING = 1e-9;
/**
 * The first-order effect of a rounding of o⟨t⟩ (src/gradcheck/roundings.ts `propagate`) against
 * central differences (h = CENTRAL_DIFFERENCE_STEP) of an independent BPTT with o⟨t⟩ₖ moved,
 * relative to max(1, |∂L/∂θ|, |effect|): rounding ε·|∂L/∂θ|/h ≈ 2.2e-11 and truncation h²/6 times
 * the softmax's third derivative (≤ 1) carried back by BPTT, ≈ 1.7e-11, on weights N(0, ≤ 1.5²)
 * and T ≤ 6 (spec/gradcheck/floor-roundings.spec.ts); a hundredfold margin over their sum.
 */
export const FIRST_ORDER_RESPONSE = 1e-8;
