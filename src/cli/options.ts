/** Parsers for command-line option values; each error names the option and what it accepts. */
import { InvalidArgumentError } from 'commander';

/** An optionally signed run of decimal digits: no spaces, no 0x/0b/0o, no exponent. */
const DECIMAL_INTEGER = /^[+-]?\d+$/;

/**
 * A plain decimal number: digits with an optional fraction and an optional exponent
 * (`5`, `0.01`, `.5`, `1e-3`). Not `0x10`, `1e`, ` 5`, `Infinity`, `1_000` or the empty string,
 * all of which `Number()` would read or turn into 0.
 */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** An integer option in [min, max], written in decimal digits. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!DECIMAL_INTEGER.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got '${value}'.`);
    }
    return n;
  };
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'.`);
    }
    return value as T;
  };
}

/** A finite decimal number greater than `above` and at most `max`. */
export function numberAbove(above: number, max = Number.MAX_VALUE): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!DECIMAL_NUMBER.test(value) || !Number.isFinite(n) || n <= above || n > max) {
      throw new InvalidArgumentError(`expected a number greater than ${above}${max < Number.MAX_VALUE ? ` and at most ${max}` : ''}, got '${value}'.`);
    }
    return n;
  };
}
