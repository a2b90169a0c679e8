/**
 * The conformance formats, defined once with zod; the validator and the published JSON Schemas
 * (`rnn-oracle vectors` writes them) both come from these definitions.
 *
 *   rnn-oracle/case@1    one problem: parameters, optional a0, inputs, targets, optional clip and lr
 *   rnn-oracle/result@1  what an implementation computes for a case
 *
 * Matrices are nested rows. Vectors may be flat ([1, 2]) or n×1 ([[1], [2]]), as numpy's
 * .tolist() gives them. Results may hold NaN and ±Infinity, written as the strings "NaN",
 * "Infinity", "-Infinity"; a case may not.
 */
import { z } from 'zod';
import { anyNumber, finite, matrixOf, vectorOf } from './json-parts.js';
import { caseSchema2, CASE_FORMAT_2, resultSchema2, RESULT_FORMAT_2 } from './schema2.js';

export const CASE_FORMAT = 'rnn-oracle/case@1';
export const RESULT_FORMAT = 'rnn-oracle/result@1';


const paramsOf = <T extends z.ZodType>(n: T) =>
  z.strictObject({ Wax: matrixOf(n), Waa: matrixOf(n), Wya: matrixOf(n), ba: vectorOf(n), by: vectorOf(n) });

export const caseSchema = z.strictObject({
  format: z.literal(CASE_FORMAT),
  id: z.string().optional(),
  comment: z.string().optional(),
  flags: z.array(z.string()).optional(),
  params: paramsOf(finite),
  a0: vectorOf(finite).optional().describe('the initial hidden state; zeros when absent'),
  inputs: z
    .array(z.union([z.null(), z.number().int().nonnegative(), z.array(finite)]))
    .min(1)
    .describe('per step: null (the zero vector), an index (one-hot), or a dense vector'),
  targets: z.array(z.number().int().nonnegative()).min(1).describe('per step: the index of the next character'),
  clip: z.number().positive().optional().describe('when present, the result also has the gradients clipped to [-clip, clip]'),
  lr: z.number().positive().optional().describe('when present, the result also has the parameters after one SGD step (after clipping, if clip is given)'),
});

const gradientsOf = <T extends z.ZodType>(n: T) =>
  z.looseObject({
    Wax: matrixOf(n).optional(),
    Waa: matrixOf(n).optional(),
    Wya: matrixOf(n).optional(),
    ba: vectorOf(n).optional(),
    by: vectorOf(n).optional(),
    a0: vectorOf(n).optional().describe('∂L/∂a⟨0⟩ (optional)'),
  });
const updatedOf = <T extends z.ZodType>(n: T) =>
  z.looseObject({ Wax: matrixOf(n).optional(), Waa: matrixOf(n).optional(), Wya: matrixOf(n).optional(), ba: vectorOf(n).optional(), by: vectorOf(n).optional() });

/**
 * Every quantity is optional here: which ones a result must hold depends on the case and on the
 * implementation's capabilities, so a missing one is reported (MISSING or SKIPPED) by compareResult,
 * not refused as invalid. Unknown keys are kept and reported as warnings (unknownKeys).
 */
export const resultSchema = z.looseObject({
  format: z.literal(RESULT_FORMAT),
  loss: anyNumber.optional(),
  a: z.array(vectorOf(anyNumber)).optional().describe('a⟨1⟩ … a⟨T⟩ (optional)'),
  yHat: z.array(vectorOf(anyNumber)).optional().describe('ŷ⟨1⟩ … ŷ⟨T⟩ (optional)'),
  gradients: gradientsOf(anyNumber).optional().describe('∂L/∂Wax, …, ∂L/∂by (required unless not in their outputs), ∂L/∂a0 (optional); unclipped'),
  clipped: gradientsOf(anyNumber).optional().describe('the gradients clipped to [-clip, clip] (required when the case has clip)'),
  updated: updatedOf(anyNumber).optional().describe('the parameters after one update step (required when the case has lr)'),
});

const KNOWN_KEYS: Record<string, ReadonlySet<string>> = {
  $: new Set(['format', 'loss', 'a', 'yHat', 'gradients', 'clipped', 'updated']),
  gradients: new Set(['Wax', 'Waa', 'Wya', 'ba', 'by', 'a0']),
  clipped: new Set(['Wax', 'Waa', 'Wya', 'ba', 'by', 'a0']),
  updated: new Set(['Wax', 'Waa', 'Wya', 'ba', 'by']),
};

/** JSON paths of keys a result document has that the format does not define (warnings, not errors). */
export function unknownKeys(raw: Record<string, unknown>): string[] {
  const out = Object.keys(raw).filter((k) => !KNOWN_KEYS.$.has(k)).map((k) => `$.${k}`);
  for (const section of ['gradients', 'clipped', 'updated']) {
    const v = raw[section];
    if (v && typeof v === 'object') out.push(...Object.keys(v).filter((k) => !KNOWN_KEYS[section].has(k)).map((k) => `$.${section}.${k}`));
  }
  return out;
}

export type CaseJson = z.infer<typeof caseSchema>;
export type ResultJson = z.infer<typeof resultSchema>;

/** The JSON Schemas of the formats (@1 here, @2 from schema2.ts), generated from their definitions. */
export function jsonSchemas(): Record<string, unknown> {
  return {
    'case.schema.json': { title: CASE_FORMAT, ...z.toJSONSchema(caseSchema) },
    'result.schema.json': { title: RESULT_FORMAT, ...z.toJSONSchema(resultSchema) },
    'case2.schema.json': { title: CASE_FORMAT_2, ...z.toJSONSchema(caseSchema2) },
    'result2.schema.json': { title: RESULT_FORMAT_2, ...z.toJSONSchema(resultSchema2) },
  };
}

/** A zod issue as one line: the JSON path, then what was wrong. */
export function issueLine(issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), '$');
  return `${path}: ${issue.message}`;
}
