/**
 * Numbers in our JSON formats (models, conformance cases and results). JSON has no NaN or
 * ±Infinity, so they are written as the strings "NaN", "Infinity" and "-Infinity"; every other
 * number is JavaScript's shortest round-trip decimal, which reads back bit-identical.
 */

/** A number as our formats write it. */
export function encodeNumber(v: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  return Number.isFinite(v) ? v : (String(v) as 'NaN' | 'Infinity' | '-Infinity');
}

/** Whether a JSON value is one of the three strings that stand for non-finite numbers. */
export function isNonFiniteString(v: unknown): v is 'NaN' | 'Infinity' | '-Infinity' {
  return v === 'NaN' || v === 'Infinity' || v === '-Infinity';
}
