/**
 * Reading what users give the kit: cases (case.ts, any-case.ts), their results (any-case.ts,
 * schema.ts), Python's bare NaN (lenient-json.ts) and suites (suite.ts) — what is accepted, what is
 * refused, and the JSON path, format or key each refusal or warning names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnyCase, readTheirResult } from '../../src/conformance/any-case.js';
import { ConformanceInputError, parseCase } from '../../src/conformance/case.js';
import type { CellCase } from '../../src/conformance/cells/model.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { parseLenientJson } from '../../src/conformance/lenient-json.js';
import { MAX_STEPS, MAX_WIDTH } from '../../src/conformance/limits.js';
import { jsonSchemas } from '../../src/conformance/schema.js';
import type * as Suite from '../../src/conformance/suite.js';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/conformance/${name}`, import.meta.url), 'utf8');
/** nA = 1, nX = 2, nY = 2, two steps, written by hand. */
const tiny = () => ({ format: 'rnn-oracle/case@1', params: { Wax: [[0.1, 0.2]], Waa: [[0.5]], Wya: [[1], [-1]], ba: [0], by: [0, 0] }, inputs: [0, 1], targets: [1, 0] }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** nA = 1 and nX = n: Wax is 1×n. */
const wideInput = (n: number) => ({ format: 'rnn-oracle/case@1', params: { Wax: [Array<number>(n).fill(0)], Waa: [[0]], Wya: [[0]], ba: [0], by: [0] }, inputs: [null], targets: [0] });
const refusal = (read: () => unknown): string => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConformanceInputError);
    return (error as Error).message;
  }
  return 'accepted';
};
const resultOf = (c: Record<string, unknown>) => toResultJson(evaluate(parseCase(c))) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const warningsOf = (read: ReturnType<typeof readTheirResult>) => {
  if ('invalid' in read) throw new Error(read.invalid);
  return read.warnings;
};
const invalidOf = (read: ReturnType<typeof readTheirResult>) => ('invalid' in read ? read.invalid : 'valid');

describe('reading a case@1 (case.ts)', () => {
  it(`accepts nX = ${MAX_WIDTH} and ${MAX_STEPS} steps, refuses nX = ${MAX_WIDTH + 1} naming nX, and starts every refusal with "case" by default`, () => {
    expect(refusal(() => parseCase(wideInput(MAX_WIDTH)))).toBe('accepted');
    expect(refusal(() => parseCase(wideInput(MAX_WIDTH + 1)))).toMatch(/^case: \$\.params: nX = 1001 /);
    const long = { ...tiny(), inputs: Array(MAX_STEPS).fill(null), targets: Array(MAX_STEPS).fill(0) };
    expect(refusal(() => parseCase(long))).toBe('accepted');
  });

  it('refuses an empty Wax and ragged rows of Wax and Wya in one line, naming the row', () => {
    expect(refusal(() => parseCase({ ...tiny(), params: { ...tiny().params, Wax: [] } }))).toMatch(/^case: \$\.params/);
    expect(refusal(() => parseCase({ ...tiny(), params: { ...tiny().params, Wax: [[1, 2], [1]], Waa: [[0, 0], [0, 0]], ba: [0, 0] } }))).toMatch(/^case: \$\.params\.Wax\[1\]: /);
    expect(refusal(() => parseCase({ ...tiny(), params: { ...tiny().params, Wya: [[1], []] } }))).toMatch(/^case: \$\.params\.Wya\[1\]: /);
  });

  it('calls each empty parameter empty, naming it, rather than giving it the shape 0×1', () => {
    for (const name of ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const) {
      expect(refusal(() => parseCase({ ...tiny(), params: { ...tiny().params, [name]: [] } })), name).toMatch(new RegExp(`^case: \\$\\.params\\.${name}: is empty;`));
    }
  });
});

describe('reading a case of either format (any-case.ts)', () => {
  it('refuses null and non-finite numbers in a case@2 as bad input naming the path, "case" by default', () => {
    expect(refusal(() => parseAnyCase(null))).toMatch(/^case: \$/);
    expect(refusal(() => parseAnyCase('null'))).toMatch(/^case: \$/);
    expect(refusal(() => parseAnyCase({ ...tiny(), format: 'rnn-oracle/case@2', cell: 'rnn', a0: ['NaN'] }))).toMatch(/^case: \$\.a0\[0\]: non-finite/);
  });

  it('refuses a variant on a one-layer rnn case@2, naming $.variant', () => {
    expect(refusal(() => parseAnyCase({ ...tiny(), format: 'rnn-oracle/case@2', cell: 'rnn', variant: 'course' }))).toMatch(/^case: \$\.variant: /);
  });
});

describe('reading their result against the case (any-case.ts, schema.ts)', () => {
  const cells = JSON.parse(fixture('cells.json')) as CellVectorSuite;
  const gruTest = () => cells.testGroups.flatMap((g) => g.tests).find((t) => t.case.cell === 'gru')!;

  it('calls a null result invalid instead of throwing, for either kind of case', () => {
    expect(invalidOf(readTheirResult(null, parseCase(tiny())))).toMatch(/^result \$/);
    expect(invalidOf(readTheirResult(null, parseAnyCase(gruTest().case)))).toMatch(/^result \$/);
  });

  it('refuses a result in an unknown format for the vanilla cell, and names result@2 for a case written as case@2', () => {
    expect(invalidOf(readTheirResult({ ...resultOf(tiny()), format: 'rnn-oracle/result@9' }, parseCase(tiny())))).toMatch(/^result \$\.format: /);
    const as2 = parseAnyCase({ ...tiny(), format: 'rnn-oracle/case@2', cell: 'rnn' });
    expect(invalidOf(readTheirResult({ format: 'x' }, as2))).toContain('rnn-oracle/result@2');
  });

  it('warns about extra keys naming the format they came in: result@2 for a result@2, and a cell key in a result@1', () => {
    const as2 = parseAnyCase({ ...tiny(), format: 'rnn-oracle/case@2', cell: 'rnn' });
    const r = resultOf(tiny());
    expect(warningsOf(readTheirResult({ ...r, format: 'rnn-oracle/result@2', cell: 'rnn', extra: 1 }, as2))).toEqual([expect.stringMatching(/\$\.extra .*rnn-oracle\/result@2/)]);
    expect(warningsOf(readTheirResult({ ...r, cell: 'rnn' }, parseCase(tiny())))).toEqual([expect.stringMatching(/\$\.cell .*rnn-oracle\/result@1/)]);
  });

  it('warns about unknown keys inside clipped and updated, and about none when they are absent', () => {
    const r = resultOf(tiny());
    expect(warningsOf(readTheirResult(r, parseCase(tiny())))).toEqual([]);
    const withClip = { ...tiny(), clip: 1, lr: 0.1 };
    const full = resultOf(withClip);
    const read = readTheirResult({ ...full, clipped: { ...full.clipped, foo: 1 }, updated: { ...full.updated, bar: [1] } }, parseCase(withClip));
    expect(warningsOf(read).map((w) => /\$\.\S+/.exec(w)![0])).toEqual(['$.clipped.foo', '$.updated.bar']);
  });

  it('does not tell a result@2 that is wrong in itself that a case@2 needs a result@2', () => {
    expect(invalidOf(readTheirResult({ format: 'rnn-oracle/result@2', loss: [1] }, parseAnyCase(gruTest().case)))).not.toMatch(/case@2 needs/);
  });

  it('judges a cell result against the suite test’s stored expected result when it is given, not a recomputed one', () => {
    const t = gruTest();
    const c = parseAnyCase(t.case) as CellCase;
    const shifted = { ...structuredClone(t.expected), loss: (t.expected.loss as number) + 1 };
    const withStored = readTheirResult(shifted, c, shifted);
    const recomputed = readTheirResult(shifted, c);
    if ('invalid' in withStored || 'invalid' in recomputed) throw new Error('invalid');
    expect(withStored.compare(t.tolerances.float64).agree).toBe(true);
    expect(recomputed.compare(t.tolerances.float64).quantities.find((q) => q.name === 'loss')!.status).toBe('MISMATCH');
  });
});

describe('the published JSON Schemas (schema.ts)', () => {
  it('are the four committed files, case, result, case2 and result2', () => {
    const schemas = jsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual(['case.schema.json', 'case2.schema.json', 'result.schema.json', 'result2.schema.json']);
    for (const [name, schema] of Object.entries(schemas)) expect(JSON.parse(JSON.stringify(schema)), name).toEqual(JSON.parse(fixture(name)));
  });
});

describe('Python’s bare NaN and Infinity (lenient-json.ts)', () => {
  it('leaves NaN inside strings alone, after an escaped quote or after other characters, and quotes bare Infinity', () => {
    expect(parseLenientJson('["a\\"NaN", NaN]')).toEqual({ value: ['a"NaN', 'NaN'], bareNonFinite: true });
    expect(parseLenientJson('["xNaN", -Infinity]')).toEqual({ value: ['xNaN', '-Infinity'], bareNonFinite: true });
    expect(parseLenientJson('[Infinity]')).toEqual({ value: ['Infinity'], bareNonFinite: true });
  });

  it('throws what JSON.parse throws for text that is not JSON either way', () => {
    for (const text of ['[1,', '{"a": "NaN",}']) {
      let expected = '';
      try {
        JSON.parse(text);
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(() => parseLenientJson(text)).toThrow(new SyntaxError(expected));
    }
  });
});

describe('reading a suite (suite.ts, a fresh copy so its schema is built inside the test)', () => {
  const text = fixture('vectors.json');
  let copies = 0;
  const suiteModule = () => import(/* @vite-ignore */ `../../src/conformance/suite.ts?fresh=${++copies}`) as Promise<typeof Suite>;
  const small = () => {
    const s = JSON.parse(text);
    return { ...s, testGroups: [{ ...s.testGroups[0], tests: s.testGroups[0].tests.slice(0, 2) }] };
  };

  it('keeps every test of the committed suite whole, its stored tolerances included, and each group’s rtol and atol', async () => {
    const { parseSuite } = await suiteModule();
    const parsed = parseSuite(text, 'v.json');
    const stored = JSON.parse(text) as VectorSuite;
    expect(parsed.testGroups.map((g) => g.tests)).toEqual(stored.testGroups.map((g) => g.tests));
    const rtolAtol = (s: VectorSuite) => s.testGroups.map((g) => [g.tolerance.float64.rtol, g.tolerance.float64.atol, g.tolerance.float32.rtol, g.tolerance.float32.atol]);
    expect(rtolAtol(parsed)).toEqual(rtolAtol(stored));
  });

  it('accepts a suite with an empty group beside a full one, and refuses one with no tests at all, naming $.testGroups', async () => {
    const { parseSuite } = await suiteModule();
    const s = small();
    expect(refusal(() => parseSuite(JSON.stringify({ ...s, testGroups: [{ ...s.testGroups[0], tests: [] }, s.testGroups[0]] }), 'v.json'))).toBe('accepted');
    expect(refusal(() => parseSuite(JSON.stringify({ ...s, testGroups: [] }), 'v.json'))).toMatch(/^v\.json: \$\.testGroups: .*no tests/);
    expect(refusal(() => parseSuite(JSON.stringify({ ...s, testGroups: [{ ...s.testGroups[0], tests: [] }] }), 'v.json'))).toMatch(/^v\.json: \$\.testGroups: .*no tests/);
  });

  it('names the test and the row of a ragged matrix in a suite’s case', async () => {
    const { parseSuite } = await suiteModule();
    const s = small();
    const t = s.testGroups[0].tests[0];
    const Wya = [t.case.params.Wya[0], t.case.params.Wya[1].slice(1), ...t.case.params.Wya.slice(2)];
    const ragged = { ...s, testGroups: [{ ...s.testGroups[0], tests: [{ ...t, case: { ...t.case, params: { ...t.case.params, Wya } } }] }] };
    expect(refusal(() => parseSuite(JSON.stringify(ragged), 'v.json'))).toMatch(/^v\.json: \$\.testGroups\[0\]\.tests\[0\]\.case\.params\.Wya\[1\]: /);
  });

  it('refuses a test whose tcId is not an integer and a group tolerance that is negative, naming the path', async () => {
    const { parseSuite } = await suiteModule();
    const s = small();
    const [a, b] = s.testGroups[0].tests;
    expect(refusal(() => parseSuite(JSON.stringify({ ...s, testGroups: [{ ...s.testGroups[0], tests: [a, { ...b, tcId: 1.5 }] }] }), 'v.json'))).toMatch(/^v\.json: \$\.testGroups\[0\]\.tests\[1\]\.tcId: /);
    const tolerance = { ...s.testGroups[0].tolerance, float64: { rtol: -1, atol: 0 } };
    expect(refusal(() => parseSuite(JSON.stringify({ ...s, testGroups: [{ ...s.testGroups[0], tolerance }] }), 'v.json'))).toMatch(/^v\.json: \$\.testGroups\[0\]\.tolerance\.float64\.rtol: /);
  });

  it('refuses a suite whose tests share a tcId, naming it', async () => {
    const { parseSuite } = await suiteModule();
    const s = small();
    const [a, b] = s.testGroups[0].tests;
    expect(refusal(() => parseSuite(JSON.stringify({ ...s, testGroups: [{ ...s.testGroups[0], tests: [a, { ...b, tcId: a.tcId }] }] }), 'v.json'))).toMatch(new RegExp(`^v\\.json: tcId ${a.tcId} `));
  });
});
