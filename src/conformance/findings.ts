/**
 * What a diagnosis is made of: findings, each a sentence naming the equations, with the quantities it
 * is about and (where one time step is to blame) that step. `Evidence` is what the hypothesis tests
 * (hypotheses.ts, step-terms.ts) may look at.
 */
import type { ParsedCase } from './case.js';
import type { Tolerance } from './compare.js';
import { oracleSteps, type OracleSteps } from './steps.js';

/** Every quantity of a result by its report name (`loss`, `a`, `dWaa`, `clipped dWax`, …). */
export type Table = ReadonlyMap<string, number[][]>;

export interface Finding {
  /** Stable: a catalogue mistake's id, or the id of a rule or hypothesis below. */
  readonly id: string;
  /** `rule`: from which quantities agree; `mistake`: the catalogue; `hypothesis`: tested numerically. */
  readonly kind: 'rule' | 'mistake' | 'hypothesis';
  /** The quantities it is about (report names). */
  readonly quantities: readonly string[];
  /** The time step to blame (the document's t, from 1), when there is one. */
  readonly step?: number;
  readonly text: string;
}

export interface Evidence {
  readonly c: ParsedCase;
  readonly oracle: Table;
  readonly theirs: Table;
  /** Each quantity's tolerance, by name (`dWaa`, `a`, …). */
  readonly tol: (name: string) => Tolerance;
  /** Quantities that disagree, are in their result, and no catalogue mistake explains. */
  readonly suspects: ReadonlySet<string>;
  /** The oracle's per-step values, computed on first use. */
  readonly steps: () => OracleSteps;
}

/** Evidence with the per-step values computed lazily, once. */
export function evidence(c: ParsedCase, oracle: Table, theirs: Table, tol: (name: string) => Tolerance, suspects: ReadonlySet<string>): Evidence {
  let cached: OracleSteps | undefined;
  return { c, oracle, theirs, tol, suspects, steps: () => (cached ??= oracleSteps(c)) };
}

/** "a", "a and b", "a, b and c". */
export function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "is" or "are", to go with `listed(names)`. */
export const isAre = (names: readonly string[]): string => (names.length === 1 ? 'is' : 'are');

/** The parameter gradients and ∂L/∂a⟨0⟩, by report name. */
export const GRADIENT_NAMES = ['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'] as const;
