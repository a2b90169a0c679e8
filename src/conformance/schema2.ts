/**
 * The second version of the conformance formats, for the gated and stacked cells (issue #12):
 *
 *   rnn-oracle/case@2    a case@1 plus `cell` ("rnn" | "lstm" | "gru"), `layers` (stacked vanilla
 *                        layers, default 1) and `variant` (LSTM "course" | "split"; GRU
 *                        {"reset": "before-matmul" | "after-matmul", "blend": "gate-keeps-old" |
 *                        "gate-takes-new"}, the names src/reference uses); `params` holds the cell's
 *                        own matrices (docs/lstm.md, gru.md, deep.md); c0 for the LSTM; for
 *                        layers > 1, params.layers[l − 1] = {Wax, Waa, ba} and a0 one vector per layer
 *   rnn-oracle/result@2  the same quantities as result@1, keyed by the cell's parameter names
 *                        (gradients.Wf, gradients.c0, gradients.layers[0].Wax, gradients.a0[1], …)
 *
 * zod checks the document's shape; names and sizes are checked against the cell by cells/model.ts,
 * with one-line errors naming the JSON path. `@1` documents keep their own definitions (schema.ts).
 */
import { z } from 'zod';
import { anyNumber, finite, matrixOf, vectorOf } from './json-parts.js';

export const CASE_FORMAT_2 = 'rnn-oracle/case@2';
export const RESULT_FORMAT_2 = 'rnn-oracle/result@2';

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type CellKind = (typeof CELLS)[number];

const tableOf = <T extends z.ZodType>(n: T) => z.union([vectorOf(n), matrixOf(n)]);
/** A named set of matrices, with `layers` (stacked RNN: one {Wax, Waa, ba} per layer) allowed. */
const namedOf = <T extends z.ZodType>(n: T) =>
  z.record(z.string(), z.union([tableOf(n), z.array(z.record(z.string(), tableOf(n)))])).describe('matrices by parameter name; layers: [{Wax, Waa, ba}, …] for a stacked RNN');

export const gruVariantSchema = z.strictObject({
  reset: z.enum(['before-matmul', 'after-matmul']).describe('(G3) before the recurrent product, or (G4) after it (PyTorch, cuDNN)'),
  blend: z.enum(['gate-keeps-old', 'gate-takes-new']).describe('(G5) a = Γu⊙a⟨t−1⟩ + (1 − Γu)⊙ã, or (G6) its mirror'),
});
export const variantSchema = z.union([z.enum(['course', 'split']).describe('LSTM: (L1)–(L5) over [a;x], or (L10) PyTorch-style'), gruVariantSchema]);

export const caseSchema2 = z.strictObject({
  format: z.literal(CASE_FORMAT_2),
  id: z.string().optional(),
  comment: z.string().optional(),
  flags: z.array(z.string()).optional(),
  cell: z.enum(CELLS).describe('rnn: eqs. (1)–(26) (stacked: (D1)–(D9)); lstm: (L1)–(L22); gru: (G1)–(G19)'),
  layers: z.number().int().min(1).optional().describe('stacked vanilla layers (cell rnn only; default 1)'),
  variant: variantSchema.optional().describe('required for lstm and gru'),
  params: namedOf(finite),
  a0: z.union([vectorOf(finite), z.array(vectorOf(finite))]).optional().describe('a⟨0⟩ (one vector per layer when layers > 1); zeros when absent'),
  c0: vectorOf(finite).optional().describe('the LSTM’s c⟨0⟩; zeros when absent'),
  inputs: z
    .array(z.union([z.null(), z.number().int().nonnegative(), z.array(finite)]))
    .min(1)
    .describe('per step: null (the zero vector), an index (one-hot), or a dense vector'),
  targets: z.array(z.number().int().nonnegative()).min(1).describe('per step: the index of the next character'),
  clip: z.number().positive().optional().describe('when present, the result also has every gradient (states’ too) clipped to [-clip, clip]'),
  lr: z.number().positive().optional().describe('when present, the result also has the parameters after one SGD step (after clipping, if clip is given)'),
});

/** Every quantity optional, as result@1 (compare.ts says which must be there); unknown keys are warnings. */
export const resultSchema2 = z.looseObject({
  format: z.literal(RESULT_FORMAT_2),
  cell: z.enum(CELLS).optional().describe('optional echo of the case'),
  layers: z.number().int().min(1).optional(),
  variant: variantSchema.optional(),
  loss: anyNumber.optional(),
  a: z.array(vectorOf(anyNumber)).optional().describe('a⟨1⟩ … a⟨T⟩ (the top layer’s when stacked; optional)'),
  yHat: z.array(vectorOf(anyNumber)).optional().describe('ŷ⟨1⟩ … ŷ⟨T⟩ (optional)'),
  gradients: namedOf(anyNumber).optional().describe('∂L/∂(each parameter), ∂L/∂a0 (and ∂L/∂c0) optional; unclipped'),
  clipped: namedOf(anyNumber).optional().describe('the gradients clipped to [-clip, clip] (required when the case has clip)'),
  updated: namedOf(anyNumber).optional().describe('the parameters after one update step (required when the case has lr)'),
});

export type CaseJson2 = z.infer<typeof caseSchema2>;
export type ResultJson2 = z.infer<typeof resultSchema2>;
export type Named = Record<string, unknown>;
