/**
 * Hypotheses about the sums over time, eqs. (18), (19), (24)–(26), tested numerically against the
 * oracle's per-step terms: one step's term missing (the loop's range), only one step's term (= where
 * += belongs), one step's right-hand factor wrong (and which vector it is instead), or the factor
 * taken from the wrong sequence for every step.
 */
import { isAre, listed, type Evidence, type Finding } from './findings.js';
import { addScaled, agrees, column, oneHot, outer, sumOver, type StepValues } from './steps.js';
import type { Tolerance } from './compare.js';

type Factor = 'a' | 'aPrev' | 'x';

interface SumSpec {
  readonly name: string;
  readonly eq: number;
  readonly left: 'dO' | 'dz';
  /** The right-hand factor of a matrix gradient's term; absent for a bias (the term is the column). */
  readonly right?: Factor;
  /** The term at step t, in the document's notation. */
  readonly term: (t: number) => string;
}

const SUMS: readonly SumSpec[] = [
  { name: 'dWya', eq: 18, left: 'dO', right: 'a', term: (t) => `∂L/∂o⟨${t}⟩·a⟨${t}⟩ᵀ` },
  { name: 'dby', eq: 19, left: 'dO', term: (t) => `∂L/∂o⟨${t}⟩` },
  { name: 'dWaa', eq: 24, left: 'dz', right: 'aPrev', term: (t) => `∂L/∂z⟨${t}⟩·a⟨${t - 1}⟩ᵀ` },
  { name: 'dWax', eq: 25, left: 'dz', right: 'x', term: (t) => `∂L/∂z⟨${t}⟩·x⟨${t}⟩ᵀ` },
  { name: 'dba', eq: 26, left: 'dz', term: (t) => `∂L/∂z⟨${t}⟩` },
];

const FACTOR_TEXT: Record<Factor, (t: number) => string> = { a: (t) => `a⟨${t}⟩`, aPrev: (t) => `a⟨${t - 1}⟩`, x: (t) => `x⟨${t}⟩` };

const termOf = (spec: SumSpec, s: StepValues, right: number[] | undefined = spec.right && s[spec.right]) =>
  right ? outer(s[spec.left], right) : column(s[spec.left]);

/** The named vectors their factor may have been instead of the right one. */
function namedVectors(ev: Evidence, factor: Factor): [string, number[]][] {
  const { steps, a0, nX } = ev.steps();
  const zero: [string, number[]] = ['the zero vector', steps[0][factor].map(() => 0)];
  if (factor !== 'x') return [zero, ['a⟨0⟩', a0], ...steps.map((s, t): [string, number[]] => [`a⟨${t + 1}⟩`, s.a])];
  const hots = Array.from({ length: nX }, (_, k): [string, number[]] => [`the one-hot vector of index ${k}`, oneHot(k, nX)]);
  return [zero, ...hots, ...steps.map((s, t): [string, number[]] => [`x⟨${t + 1}⟩`, s.x])];
}

/** Step s's factor, fitted from D = theirs − oracle = left⟨s⟩·wᵀ: their vector is right⟨s⟩ + w. */
function fitFactor(spec: SumSpec & { right: Factor }, O: number[][], theirs: number[][], s: StepValues, tol: Tolerance) {
  const left = s[spec.left];
  const n2 = left.reduce((sum, v) => sum + v * v, 0);
  if (!(n2 > 0)) return undefined;
  const w = s[spec.right].map((_, j) => O.reduce((sum, row, i) => sum + (theirs[i][j] - row[j]) * left[i], 0) / n2);
  if (!agrees(addScaled(O, outer(left, w)), theirs, tol)) return undefined;
  // Their other terms agree within atol + rtol·|O|, so each entry of w is known to about
  // (atol + rtol·max|O|)·Σ|leftᵢ| / |left|²: that is the tolerance for naming their vector.
  const maxO = O.flat().reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const l1 = left.reduce((sum, v) => sum + Math.abs(v), 0);
  const wTol = { rtol: tol.rtol, atol: ((tol.atol + tol.rtol * maxO) * l1) / n2 };
  return { vector: s[spec.right].map((r, j) => r + w[j]), wTol };
}

interface StepHit {
  readonly kind: 'missing' | 'only';
  readonly spec: SumSpec;
  readonly t: number;
}

/** The sum hypotheses for every suspect gradient of eqs. (18), (19), (24)–(26). */
export function stepTermFindings(ev: Evidence): Finding[] {
  const specs = SUMS.filter((spec) => ev.suspects.has(spec.name) && ev.oracle.has(spec.name));
  if (specs.length === 0) return [];
  const { steps } = ev.steps();
  const hits: StepHit[] = [];
  const out: Finding[] = [];
  for (const spec of specs) {
    const O = ev.oracle.get(spec.name)!;
    const theirs = ev.theirs.get(spec.name)!;
    const terms = steps.map((s) => termOf(spec, s));
    const missing = steps.flatMap((_, t) => (agrees(addScaled(O, terms[t], -1), theirs, ev.tol(spec.name)) ? [t] : []));
    const only = steps.length > 1 ? steps.flatMap((_, t) => (agrees(terms[t], theirs, ev.tol(spec.name)) ? [t] : [])) : [];
    if (missing.length === 1) hits.push({ kind: 'missing', spec, t: missing[0] + 1 });
    else if (only.length === 1) hits.push({ kind: 'only', spec, t: only[0] + 1 });
    else if (spec.right) {
      const found = wholeSequence(ev, spec.name, theirs) ?? oneFactor(ev, spec as SumSpec & { right: Factor }, O, theirs);
      if (found) out.push(found);
    }
  }
  for (const kind of ['missing', 'only'] as const) {
    for (const t of [...new Set(hits.filter((h) => h.kind === kind).map((h) => h.t))]) {
      const group = hits.filter((h) => h.kind === kind && h.t === t).map((h) => h.spec);
      const names = group.map((g) => g.name);
      const eqs = `eq${group.length > 1 ? 's' : ''}. ${group.map((g) => `(${g.eq})`).join(', ')}`;
      const terms = group.map((g) => g.term(t)).join(', ');
      const text =
        kind === 'missing'
          ? `your ${listed(names)} ${isAre(names)} ${eqs} without step ${t}’s term (${terms}): the sum over t leaves out t = ${t} — check the backward loop’s range`
          : `your ${listed(names)} ${isAre(names)} step ${t}’s term alone (${terms}), not the sum over t of ${eqs}: the term is assigned (=) where it should be added (+=)`;
      out.push({ id: kind === 'missing' ? 'step-term-missing' : 'only-one-step-term', kind: 'hypothesis', quantities: names, step: t, text });
    }
  }
  return out;
}

/** One step's right-hand factor is another vector (found by least squares, named if we know it). */
function oneFactor(ev: Evidence, spec: SumSpec & { right: Factor }, O: number[][], theirs: number[][]): Finding | undefined {
  const { steps } = ev.steps();
  const fits = steps.flatMap((s, i) => {
    const fit = fitFactor(spec, O, theirs, s, ev.tol(spec.name));
    return fit ? [{ t: i + 1, ...fit }] : [];
  });
  if (fits.length !== 1) return undefined;
  const { t, vector, wTol } = fits[0];
  const name = namedVectors(ev, spec.right).find(([, v]) => agrees(column(v), column(vector), wTol))?.[0];
  const input = ev.c.problem.inputs[t - 1];
  const nullNote = spec.right === 'x' && input === null ? ` (inputs[${t - 1}] is null: x⟨${t}⟩ is the zero vector)` : '';
  return {
    id: 'step-factor-wrong',
    kind: 'hypothesis',
    quantities: [spec.name],
    step: t,
    text: `your ${spec.name} differs from eq. (${spec.eq}) only in step ${t}’s term ${spec.term(t)}: it has ${name ?? 'another vector'} where ${FACTOR_TEXT[spec.right](t)} belongs${nullNote}`,
  };
}

/** The factor taken from another sequence at every step: a⟨t−1⟩ in (18), the target y⟨t⟩ in (25). */
function wholeSequence(ev: Evidence, name: string, theirs: number[][]): Finding | undefined {
  const { steps, nX } = ev.steps();
  const nY = steps[0].dO.length;
  if (name === 'dWya' && agrees(sumOver(steps, (s) => outer(s.dO, s.aPrev)), theirs, ev.tol(name))) {
    return { id: 'dWya-with-aprev', kind: 'hypothesis', quantities: ['dWya'], text: 'your dWya pairs ∂L/∂o⟨t⟩ with a⟨t−1⟩ where eq. (18) has a⟨t⟩: ∂L/∂Wya = Σₜ ∂L/∂o⟨t⟩·a⟨t⟩ᵀ' };
  }
  if (name === 'dWax' && nX === nY && agrees(sumOver(steps, (s) => outer(s.dz, oneHot(s.target, nX))), theirs, ev.tol(name))) {
    return { id: 'dWax-with-targets', kind: 'hypothesis', quantities: ['dWax'], text: 'your dWax pairs ∂L/∂z⟨t⟩ with the target y⟨t⟩ where eq. (25) has the input x⟨t⟩: ∂L/∂Wax = Σₜ ∂L/∂z⟨t⟩·x⟨t⟩ᵀ' };
  }
  return undefined;
}
