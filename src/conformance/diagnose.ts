/**
 * The diagnosis of a disagreeing result, in three kinds of finding (findings.ts):
 *  - rules: from which quantities agree and which do not, the equations involved (rules.ts);
 *  - mistakes: the known mistakes (mistakes.ts) that explain their numbers, chosen for the whole
 *    result, not quantity by quantity;
 *  - hypotheses: tested numerically against the oracle's per-step quantities (hypotheses.ts).
 */
import type { ParsedCase } from './case.js';
import type { MistakeTable, QuantityReport, Tolerance } from './compare.js';
import { evidence, isAre, listed, type Finding, type Table } from './findings.js';
import { testHypotheses } from './hypotheses.js';
import { rules } from './rules.js';
import { agrees } from './steps.js';

/** What compareResult has already computed: both results, the tolerance, the catalogue's results. */
export interface DiagnosisInput {
  readonly oracle: Table;
  readonly theirs: Table;
  /** Each quantity's tolerance, by name. */
  readonly tol: (name: string) => Tolerance;
  readonly mistakes: readonly MistakeTable[];
}

export interface Diagnosis {
  /** The reports, with `mistake` set from the mistakes chosen for the whole result. */
  readonly quantities: QuantityReport[];
  readonly diagnosis: string[];
  readonly findings: Finding[];
}

/** Findings whose quantities the rules then leave out: they say all there is to say about them. */
const REPLACES_RULES = new Set(['clipped-as-unclipped', 'gradients-negated', 'gradients-scaled']);

/** The statuses that mean "agrees" and "not judged"; every other status disagrees. */
export const AGREES = new Set<string>(['OK']);
/** Not checked (SKIPPED), not given though required (MISSING, reported on its own line), or not judgeable. */
export const NOT_JUDGED = new Set<string>(['SKIPPED', 'MISSING', 'ILL-CONDITIONED']);

/** Names the equations involved, the known mistakes that explain their numbers, and what tests numerically. */
export function diagnose(qs: readonly QuantityReport[], c: ParsedCase, input?: DiagnosisInput): Diagnosis {
  const bad = new Set(qs.filter((q) => !AGREES.has(q.status) && !NOT_JUDGED.has(q.status)).map((q) => q.name));
  const ok = new Set(qs.filter((q) => AGREES.has(q.status)).map((q) => q.name));
  const order = qs.map((q) => q.name);
  const chosen = input ? chooseMistakes(input, bad, ok, order) : [];
  const explained = new Set(chosen.flatMap((x) => x.matched));
  const suspects = new Set([...bad].filter((n) => !explained.has(n) && input && sameShape(input.oracle.get(n), input.theirs.get(n))));
  const hypotheses = input && suspects.size > 0 ? testHypotheses(evidence(c, input.oracle, input.theirs, input.tol, suspects)) : [];
  const replaced = new Set(hypotheses.filter((h) => REPLACES_RULES.has(h.id)).flatMap((h) => h.quantities));
  const ruleBad = new Set([...bad].filter((n) => !replaced.has(n)));
  const mistakeFindings: Finding[] = chosen.map(({ m, matched }) => ({
    id: m.id,
    kind: 'mistake',
    quantities: matched,
    text: `your ${listed(matched)} ${isAre(matched)} what you get when ${m.when}`,
  }));
  const findings = [...rules(ruleBad, ok, c), ...mistakeFindings, ...hypotheses];
  const byName = new Map(chosen.flatMap(({ m, matched }) => matched.map((n) => [n, { id: m.id, when: m.when }] as const)));
  const quantities = qs.map((q) => (bad.has(q.name) ? { ...q, mistake: byName.get(q.name) } : q));
  return { quantities, diagnosis: findings.map((f) => f.text), findings };
}

/** Both present and of the same shape (a hypothesis about a wrongly shaped quantity has nothing to test). */
function sameShape(a: number[][] | undefined, b: number[][] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((r, i) => r.length === b[i].length);
}

/**
 * The catalogue mistakes that explain the result, greedily: the one that explains the most
 * disagreeing quantities, then the next for what is left. A mistake that would change a quantity
 * they got right is not theirs (a zero da0 is not "no recurrent term" when dWaa agrees), so it is
 * never chosen. Printed in the order of their first quantity.
 */
export function chooseMistakes(input: DiagnosisInput, bad: ReadonlySet<string>, ok: ReadonlySet<string>, order: readonly string[]) {
  const { theirs, tol } = input;
  const scored = input.mistakes
    .map(({ m, table }) => ({
      m,
      matched: order.filter((n) => bad.has(n) && table.has(n) && agrees(table.get(n), theirs.get(n), tol(n))),
      contradicts: order.some((n) => ok.has(n) && table.has(n) && !agrees(table.get(n), theirs.get(n), tol(n))),
    }))
    .filter((x) => x.matched.length > 0 && !x.contradicts);
  const covered = new Set<string>();
  const chosen: typeof scored = [];
  for (;;) {
    const gain = (x: (typeof scored)[number]) => x.matched.filter((n) => !covered.has(n)).length;
    const best = scored.filter((x) => gain(x) > 0).sort((x, y) => gain(y) - gain(x))[0];
    if (!best) break;
    chosen.push(best);
    best.matched.forEach((n) => covered.add(n));
  }
  return chosen.sort((x, y) => order.indexOf(x.matched[0]) - order.indexOf(y.matched[0]));
}
