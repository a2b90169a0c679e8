/**
 * Hypotheses about a disagreeing result, each tested numerically against the oracle's own numbers
 * (never by the names of what disagrees alone). Each runs only when what it explains disagrees, so
 * `check` stays fast for a result that is right or wrong elsewhere.
 */
import { clipElementwise } from '../reference/clip.js';
import { fromRows } from '../reference/linalg.js';
import { rowsOf } from './evaluate.js';
import { GRADIENT_NAMES, isAre, listed, type Evidence, type Finding } from './findings.js';
import { agrees, column, matTVec, matVec } from './steps.js';
import { stepTermFindings } from './step-terms.js';

/** The smallest normal float64, 2⁻¹⁰²²: below it a probability has lost precision on its way to 0. */
const SMALLEST_NORMAL = 2 ** -1022;

/** Every hypothesis that applies, in the order the diagnosis prints them. */
export function testHypotheses(ev: Evidence): Finding[] {
  const out = [...firstDisagreeingStep(ev), ...lossUnderflow(ev)];
  const global = clippedAsUnclipped(ev) ?? scaledGradients(ev);
  if (global) return [...out, global];
  return [...out, ...stepTermFindings(ev), ...da0Findings(ev)];
}

/** The first step at which a⟨t⟩ (eq. (1)) or, with a⟨t⟩ right, ŷ⟨t⟩ (eqs. (2), (5), (6)) disagrees. */
function firstDisagreeingStep(ev: Evidence): Finding[] {
  const name = ev.suspects.has('a') ? 'a' : ev.suspects.has('yHat') ? 'yHat' : undefined;
  if (!name) return [];
  const O = ev.oracle.get(name)!;
  const theirs = ev.theirs.get(name)!;
  const s = O.findIndex((row, i) => !agrees([row], theirs[i] && [theirs[i]], ev.tol(name)));
  if (s < 0) return [];
  const t = s + 1;
  const input = ev.c.problem.inputs[s];
  const kind = input === null ? 'null: the zero vector' : typeof input === 'number' ? `index ${input}: one-hot` : 'dense: as given';
  const before = t === 1 ? '' : `${name === 'a' ? 'a' : 'ŷ'}⟨1⟩…${name === 'a' ? 'a' : 'ŷ'}⟨${t - 1}⟩ agree and `;
  const text =
    name === 'a'
      ? `${before}a⟨${t}⟩ is the first hidden state to disagree: eq. (1) at t = ${t}, tanh(Wax·x⟨${t}⟩ + Waa·a⟨${t - 1}⟩ + ba) — check x⟨${t}⟩ (inputs[${s}] is ${kind})${t === 1 ? ' and a⟨0⟩' : ''}`
      : `${before}ŷ⟨${t}⟩ is the first prediction to disagree: eqs. (2), (5), (6) at t = ${t}`;
  return [{ id: name === 'a' ? 'a-first-disagrees' : 'yHat-first-disagrees', kind: 'hypothesis', quantities: [name], step: t, text }];
}

/** A loss of Infinity where ŷ is finite: −log of a probability that underflowed to 0. */
function lossUnderflow(ev: Evidence): Finding[] {
  const theirsLoss = ev.theirs.get('loss')?.[0][0];
  if (!ev.suspects.has('loss') || theirsLoss !== Infinity || !Number.isFinite(ev.oracle.get('loss')![0][0])) return [];
  const theirYHat = ev.theirs.get('yHat');
  if (theirYHat?.some((r) => r.some((v) => !Number.isFinite(v)))) return [];
  const targets = ev.c.problem.targets;
  const yHat = theirYHat?.length === targets.length ? theirYHat : ev.oracle.get('yHat')!;
  const under = targets.flatMap((k, i) => (yHat[i][k] < SMALLEST_NORMAL ? [i + 1] : []));
  if (under.length === 0) return [];
  const t = under[0];
  const more = under.length > 1 ? ` (and at ${under.length - 1} more step${under.length > 2 ? 's' : ''})` : '';
  return [
    {
      id: 'loss-log-underflow',
      kind: 'hypothesis',
      quantities: ['loss'],
      step: t,
      text: `your loss is Infinity while ŷ is finite: ŷ⟨${t}⟩[target] underflows to 0 in float64${more} and −log 0 = ∞ — compute eq. (15)’s −log ŷ⟨t⟩[target] as logsumexp(o⟨t⟩) − o⟨t⟩[target] (log-softmax of eqs. (5), (6)), not as the log of ŷ`,
    },
  ];
}

const suspectGradients = (ev: Evidence) => GRADIENT_NAMES.filter((n) => ev.suspects.has(n) && ev.oracle.has(n));
const presentGradients = (ev: Evidence) => GRADIENT_NAMES.filter((n) => ev.theirs.has(n) && ev.oracle.has(n));

/** Their gradients are the oracle's clipped to [−m, m] (m the case's clip, or their largest entry). */
function clippedAsUnclipped(ev: Evidence): Finding | undefined {
  const bad = suspectGradients(ev);
  if (bad.length === 0) return undefined;
  const present = presentGradients(ev);
  const largest = present.reduce((m, n) => ev.theirs.get(n)!.flat().reduce((x, v) => Math.max(x, Math.abs(v)), m), 0);
  const bounds = [...new Set([ev.c.clip, largest])].filter((m): m is number => m !== undefined && Number.isFinite(m) && m > 0);
  const clipped = (n: string, m: number) => rowsOf(clipElementwise(fromRows(ev.oracle.get(n)!), m));
  const m = bounds.find((b) => present.every((n) => agrees(clipped(n, b), ev.theirs.get(n), ev.tol(n))));
  if (m === undefined) return undefined;
  return {
    id: 'clipped-as-unclipped',
    kind: 'hypothesis',
    quantities: bad,
    text: `your ${listed(bad)} ${isAre(bad)} the oracle’s clipped to [−${m}, ${m}]: you returned clipped gradients as the unclipped ones — \`gradients\` holds the sums of eqs. (18), (19), (24)–(26) and ∂L/∂a⟨0⟩ before clipping (section 3.2); clip a copy (numpy’s np.clip(g, -c, c, out=g) changes g in place)`,
  };
}

/** Every gradient is k × the oracle's: k = −1 is a sign error in ∂L/∂o, any other k a stray factor. */
function scaledGradients(ev: Evidence): Finding | undefined {
  const bad = suspectGradients(ev);
  if (bad.length === 0) return undefined;
  const O = ev.oracle.get(bad[0])!.flat();
  const i = O.reduce((best, v, j) => (Math.abs(v) > Math.abs(O[best]) ? j : best), 0);
  const k = ev.theirs.get(bad[0])!.flat()[i] / O[i];
  if (!Number.isFinite(k) || k === 0) return undefined;
  const scaled = (n: string) => ev.oracle.get(n)!.map((r) => r.map((v) => k * v));
  if (!presentGradients(ev).every((n) => agrees(scaled(n), ev.theirs.get(n), ev.tol(n)))) return undefined;
  // k = theirs/O at O's largest entry, known to (atol + rtol·|O|)/|O| relatively
  const t0 = ev.tol(bad[0]);
  if (agrees([[-1]], [[k]], { rtol: t0.rtol + t0.atol / Math.abs(O[i]), atol: 0 })) {
    return {
      id: 'gradients-negated',
      kind: 'hypothesis',
      quantities: bad,
      text: 'your gradients are the oracle’s negated, the gradients of −L: ∂L/∂o⟨t⟩ is ŷ⟨t⟩ − y⟨t⟩ (section 3.1), not y⟨t⟩ − ŷ⟨t⟩, and eqs. (18), (19), (24)–(26) sum it',
    };
  }
  return {
    id: 'gradients-scaled',
    kind: 'hypothesis',
    quantities: bad,
    text: `your gradients are the oracle’s times ${Number(k.toPrecision(6))} (1/${Number((1 / k).toPrecision(6))}): L is eq. (15)’s plain sum over t, and eqs. (18), (19), (24)–(26) have no factor`,
  };
}

/** ∂L/∂a⟨0⟩ = Waaᵀ·∂L/∂z⟨1⟩ (eq. (21) at t = 0), against the usual wrong versions of it. */
function da0Findings(ev: Evidence): Finding[] {
  if (!ev.suspects.has('da0') || !ev.oracle.has('da0')) return [];
  const { steps, Waa } = ev.steps();
  const { da, dz } = steps[0];
  const candidates: [string, number[], string][] = [
    ['da0-zero', da.map(() => 0), 'your da0 is zero: ∂L/∂a⟨0⟩ = Waaᵀ·∂L/∂z⟨1⟩ (eq. (21) at t = 0) is not returned'],
    ['da0-without-tanh-derivative', matTVec(Waa, da), 'your da0 is Waaᵀ·∂L/∂a⟨1⟩: step 1’s tanh derivative is missing — ∂L/∂a⟨0⟩ = Waaᵀ·∂L/∂z⟨1⟩, eqs. (21), (23)'],
    ['da0-without-Waa', dz, 'your da0 is ∂L/∂z⟨1⟩: the factor Waaᵀ of eq. (21) at t = 0 is missing (∂L/∂a⟨0⟩ = Waaᵀ·∂L/∂z⟨1⟩)'],
    ['da0-is-da1', da, 'your da0 is ∂L/∂a⟨1⟩, one step too late: ∂L/∂a⟨0⟩ = Waaᵀ·∂L/∂z⟨1⟩, eq. (21) at t = 0'],
    ['da0-Waa-not-transposed', matVec(Waa, dz), 'your da0 is Waa·∂L/∂z⟨1⟩: Waa is not transposed in eq. (21) at t = 0 (∂L/∂a⟨0⟩ = Waaᵀ·∂L/∂z⟨1⟩)'],
  ];
  const hit = candidates.find(([, v]) => agrees(column(v), ev.theirs.get('da0'), ev.tol('da0')));
  return hit ? [{ id: hit[0], kind: 'hypothesis', quantities: ['da0'], step: 1, text: hit[2] }] : [];
}
