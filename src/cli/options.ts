/** Parsers for command-line option values; each error names the option and what it accepts. */
import { InvalidArgumentError } from 'commander';

/** An integer option in [min, max]. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
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

/** A finite number greater than `above` and at most `max`. */
export function numberAbove(above: number, max = Number.MAX_VALUE): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= above || n > max) {
      throw new InvalidArgumentError(`expected a number greater than ${above}${max < Number.MAX_VALUE ? ` and at most ${max}` : ''}, got '${value}'.`);
    }
    return n;
  };
}
