/** The stored suite (fixtures/conformance/vectors.json), read on first use: faster than generating it, and the same (spec/conformance/commands.spec.ts keeps them equal). */
import { readFileSync } from 'node:fs';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { lazy } from '../helpers/lazy.js';

const tests = lazy(() => (JSON.parse(readFileSync(new URL('../../fixtures/conformance/vectors.json', import.meta.url), 'utf8')) as VectorSuite).testGroups.flatMap((g) => g.tests));

/** The first suite test with every flag given (and more than one step unless T1 is asked for). */
export function suiteCase(...flags: string[]) {
  const t = tests().find((x) => flags.every((f) => (x.flags as readonly string[]).includes(f)) && (flags.includes('T1') || x.case.inputs.length > 1));
  if (!t) throw new Error(`no suite test with ${flags.join(', ')}`);
  return t;
}

/** The suite test with this tcId. */
export function suiteTest(tcId: number) {
  const t = tests().find((x) => x.tcId === tcId);
  if (!t) throw new Error(`no suite test tc${tcId}`);
  return t;
}
