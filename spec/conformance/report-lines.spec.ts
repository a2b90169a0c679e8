/**
 * missingLines (src/conformance/report-lines.ts) and listed (findings.ts): which quantities a
 * report's lines name, grouped how and in what order.
 */
import { describe, expect, it } from 'vitest';
import type { QuantityReport, Status } from '../../src/conformance/compare.js';
import { listed } from '../../src/conformance/findings.js';
import { missingLines } from '../../src/conformance/report-lines.js';

const q = (name: string, status: Status): QuantityReport => ({ name, status });

describe('missingLines — one line per section with the required quantities left out', () => {
  it('groups the missing quantities by section, in the order the sections first appear, and names nothing else', () => {
    const qs = [
      q('loss', 'OK'),
      q('dWax', 'MISSING'),
      q('a', 'SKIPPED'),
      q('updated Waa', 'MISSING'),
      q('dWya', 'MISMATCH'),
      q('clipped dWax', 'MISSING'),
      q('loss', 'MISSING'),
      q('dby', 'MISSING'),
      q('clipped da0', 'MISSING'),
      q('updated by', 'MISSING'),
    ];
    const lines = missingLines(qs, { clip: 0.05, lr: 0.3 });
    const named = lines.map((l) => /^missing from their result: (.*) \(/.exec(l)![1]);
    expect(named).toEqual(['dWax, dby', 'updated Waa, updated by', 'clipped dWax, clipped da0', 'loss']);
    expect(lines[1]).toContain('lr = 0.3');
    expect(lines[2]).toContain('clip = 0.05');
    // each line gives its section's reason, the loss's too
    for (const l of lines) expect(l).not.toMatch(/\((undefined)?\)$/);
  });

  it('gives no line when nothing is missing', () => {
    expect(missingLines([q('loss', 'MISMATCH'), q('a', 'SKIPPED'), q('dWaa', 'ILL-CONDITIONED')], {})).toEqual([]);
  });
});

describe('listed — names as a sentence lists them', () => {
  it('joins none, one, two and more names', () => {
    expect([listed([]), listed(['dWaa']), listed(['dWaa', 'dba']), listed(['dWax', 'dWaa', 'dba'])]).toEqual(['', 'dWaa', 'dWaa and dba', 'dWax, dWaa and dba']);
  });
});
