import fc from 'fast-check';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { integerIn, numberAbove, oneOf } from '../../src/cli/options.js';
import { runCli } from '../helpers/cli.js';

describe('numberAbove — strict decimal numbers for --lr, --clip, --rtol, --atol', () => {
  const parse = numberAbove(0, 1000);

  it('accepts plain decimals, fractions and exponents', () => {
    for (const [text, value] of [['5', 5], ['0.01', 0.01], ['1e-3', 0.001], ['.5', 0.5], ['2.', 2], ['1E2', 100], ['+3', 3]] as const) {
      expect(parse(text), text).toBe(value);
    }
  });

  it('rejects what Number() would read but a person did not mean as a decimal number', () => {
    for (const text of ['0x10', '0b11', '0o7', '1e', 'e3', ' 5', '5 ', '', 'Infinity', '-Infinity', 'NaN', '1_000', '1,5', '5a', '.', '--1']) {
      expect(() => parse(text), JSON.stringify(text)).toThrow(InvalidArgumentError);
    }
  });

  it('rejects numbers outside (above, max] and names the bounds', () => {
    expect(() => parse('0')).toThrow("expected a number greater than 0 and at most 1000, got '0'.");
    expect(() => parse('1000.5')).toThrow(/at most 1000/);
    expect(parse('1000')).toBe(1000);
  });

  it('reads back every finite decimal written by toString or toExponential', () => {
    const positive = fc.integer({ min: 1, max: 10 ** 9 }).chain((m) => fc.integer({ min: -12, max: 2 }).map((e) => m * 10 ** e));
    fc.assert(
      fc.property(positive, (x) => {
        const wide = numberAbove(0);
        expect(wide(String(x))).toBe(x);
        expect(wide(x.toExponential())).toBe(x);
      }),
    );
  });
});

describe('integerIn — strict decimal integers', () => {
  const parse = integerIn(0, 100);

  it('accepts decimal digits in range', () => {
    expect(parse('0')).toBe(0);
    expect(parse('100')).toBe(100);
    expect(parse('007')).toBe(7);
  });

  it('rejects hex, exponents, fractions, spaces and out-of-range values', () => {
    for (const text of ['0x10', '1e2', '2.0', ' 5', '5 ', '', '101', '-1', 'Infinity']) {
      expect(() => parse(text), JSON.stringify(text)).toThrow(InvalidArgumentError);
    }
  });
});

describe('oneOf', () => {
  it('accepts exactly the listed words', () => {
    const parse = oneOf(['central', 'complex'] as const);
    expect(parse('complex')).toBe('complex');
    expect(() => parse('Complex')).toThrow("expected one of central, complex, got 'Complex'.");
  });
});

describe('strict numbers on the command line', () => {
  it('refuses --lr 0x10 with one line naming the option, exit 2, before training', async () => {
    const { code, stdout, stderr } = await runCli(['train', '--lr', '0x10', '--iterations', '1']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("rnn-oracle: option '--lr <RATE>' argument '0x10' is invalid. expected a number greater than 0 and at most 1000, got '0x10'.\n");
  });
});
