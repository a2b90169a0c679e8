import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetFromBytes } from '../../src/data/dataset.js';
import { PYTHON_WHITESPACE_CODE_POINTS, pythonStrip } from '../../src/data/python-text.js';

/** Made by python3 running the template's own reading code: fixtures/generate/vocab_order.py. */
interface PythonReading {
  python: string;
  unicode: string;
  cases: { name: string; bytes: string; vocabulary: number[]; examples: number[][] }[];
  whitespace: number[];
  lower: [number, number[]][];
}
const fixture: PythonReading = JSON.parse(readFileSync(new URL('../../fixtures/data/python-reading.json', import.meta.url), 'utf8'));
/** Capitals added to Unicode after python's version (55 between Unicode 14 and 17); a bound, not a tolerance. */
const MAX_NEWER_UNICODE_CAPITALS = 200;
const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0));

describe('datasets are read as the template reads them in python3', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: same vocabulary in sorted() order and same examples as python3 ${fixture.python}`, () => {
      const d = datasetFromBytes(Buffer.from(c.bytes, 'hex'), c.name);
      expect(d.vocabulary.map((v) => v.codePointAt(0))).toEqual(c.vocabulary);
      expect(d.examples.map(codePoints)).toEqual(c.examples);
    });
  }

  it('strips exactly the characters python’s str.isspace() calls whitespace', () => {
    expect(PYTHON_WHITESPACE_CODE_POINTS).toEqual(fixture.whitespace);
    expect(pythonStrip('\uFEFFab\x1c')).toBe('\uFEFFab');
  });

  it('lower-cases every character as python’s str.lower() does, except letters python’s Unicode does not know', () => {
    const pythonLower = new Map(fixture.lower.map(([c, l]) => [c, String.fromCodePoint(...l)]));
    const differ: number[] = [];
    for (let c = 0; c < 0x110000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (ch.toLowerCase() !== (pythonLower.get(c) ?? ch)) differ.push(c);
    }
    // Node 20's ICU has a newer Unicode (17 at the time of writing, 55 differences) than the
    // fixture's python (14). The only disagreements allowed are capital letters added since, which
    // that python leaves unchanged; every letter python lower-cases, we lower-case identically.
    expect(differ.filter((c) => pythonLower.has(c))).toEqual([]);
    expect(differ.length).toBeLessThan(MAX_NEWER_UNICODE_CAPITALS);
  });
});
