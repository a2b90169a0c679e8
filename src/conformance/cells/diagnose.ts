/**
 * The diagnosis of a disagreeing cell result: the catalogue's mistakes and conventions that explain
 * their numbers (cells/mistakes.ts, chosen for the whole result as diagnose.ts does), then, for what
 * nothing explains, the equations each disagreeing quantity depends on — (L…), (G…), (D…).
 */
import type { GruVariant } from '../../reference/gru/types.js';
import type { MistakeTable, QuantityReport } from '../compare.js';
import { AGREES, chooseMistakes, NOT_JUDGED, type Diagnosis, type DiagnosisInput } from '../diagnose.js';
import { isAre, listed, type Finding } from '../findings.js';
import type { CellCase } from './model.js';

/** A catalogue entry's numbers, with whether it is a mistake or a convention. */
export type CellMistakeTable = MistakeTable & { readonly kind: 'mistake' | 'convention' };

/** The equations a gradient depends on (besides the chain through ∂L/∂a⟨t⟩ that every one shares). */
function equationsOf(name: string, c: CellCase): number[] {
  const base = name.replace(/^d/, '').replace(/\[\d+\]$/, '');
  if (c.model.cell === 'lstm') {
    const chain = [13, 15, 19];
    const split = c.model.variant === 'split';
    const own: Record<string, number[]> = {
      Wf: [16, 20], bf: [16, 20], Wi: [17, 20], bi: [17, 20], Wc: [18, 20], bc: [18, 20], Wo: [14, 20], bo: [14, 20],
      Wih: [14, 16, 17, 18, 22], Whh: [14, 16, 17, 18, 22], bih: [14, 16, 17, 18, 22], bhh: [14, 16, 17, 18, 22],
      a0: split ? [14, 16, 17, 18, 22] : [14, 16, 17, 18, 21], c0: [19],
    };
    return [...chain, ...(own[base] ?? [])];
  }
  if (c.model.cell === 'gru') {
    const cand = (c.model.variant as GruVariant).reset === 'after-matmul' ? 16 : 15;
    const own: Record<string, number[]> = {
      Wrx: [11, 14, cand, 17, 18], Wra: [11, 14, cand, 17, 18], br: [11, 14, cand, 17, 18],
      Wux: [12, 18], Wua: [12, 18], bu: [12, 18], Wax: [11, 14, cand], ba: [11, 14, cand], Waa: [11, 14, cand], bhn: [11, 14, 16],
      a0: [11, 12, 13, 14, cand, 17, 19],
    };
    return [10, ...(own[base] ?? [])];
  }
  return base === 'a0' ? [6, 7, 9] : [6, 7, 8, 9];
}

/** "(L13), (L15)–(L17)": sorted, runs of three or more as ranges. */
export function equationList(letter: string, ns: readonly number[]): string {
  const sorted = [...new Set(ns)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j - i >= 2 ? `(${letter}${sorted[i]})–(${letter}${sorted[j]})` : sorted.slice(i, j + 1).map((n) => `(${letter}${n})`).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

const LETTER = { lstm: 'L', gru: 'G', rnn: 'D' } as const;
const FORWARD = { lstm: [1, 7, 8, 9], gru: [1, 6, 7, 8], rnn: [1, 2, 3, 4] } as const;
const OUTPUT = { lstm: '(L11), (L12)', gru: '(G9)', rnn: '(D5)' } as const;

/** Rule findings for the disagreeing quantities nothing in the catalogue explains. */
function cellRules(bad: readonly string[], ok: ReadonlySet<string>, c: CellCase): Finding[] {
  const { cell } = c.model;
  const L = LETTER[cell];
  const [f0, f1, y, loss] = FORWARD[cell];
  const out: Finding[] = [];
  const rule = (id: string, quantities: string[], text: string) => quantities.length > 0 && out.push({ id, kind: 'rule', quantities, text });
  if (bad.includes('a')) rule('cell-forward', ['a'], `the states a⟨t⟩ disagree: the cell’s forward pass, (${L}${f0})–(${L}${f1}) (check the input encoding, the initial states and the variant too)`);
  else if (bad.includes('yHat')) rule('cell-output-forward', ['yHat'], `ŷ⟨t⟩ disagree: the output layer, (${L}${y}), eqs. (2), (5), (6)`);
  else if (bad.includes('loss')) rule('cell-loss', ['loss'], `the loss disagrees: (${L}${loss}), eq. (15), the sum over t of −log ŷ⟨t⟩[target]`);
  rule('cell-output-gradients', bad.filter((n) => n === 'dWya' || n === 'dby'), `the output-layer gradients disagree: ∂L/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩ and its sums, ${OUTPUT[cell]}`);
  const inner = bad.filter((n) => n.startsWith('d') && n !== 'dWya' && n !== 'dby');
  if (inner.length > 0) {
    const lead = ok.has('dWya') && ok.has('dby') ? `dWya and dby agree but ${listed(inner)} do not` : `${listed(inner)} disagree`;
    const top = `[${c.model.layers}]`;
    const lowerOnly = cell === 'rnn' && inner.every((n) => !n.endsWith(top)) && [...ok].some((n) => n.endsWith(top));
    const where = lowerOnly
      ? `the top layer agrees, so what a lower layer receives from the one above is the suspect — (D6), da[l]⟨t⟩ = Wax[l+1]ᵀ·dz[l+1]⟨t⟩ + daNext[l]; then ${equationList(L, inner.flatMap((n) => equationsOf(n, c)))}`
      : `the backward pass through the cell — ${equationList(L, inner.flatMap((n) => equationsOf(n, c)))}`;
    rule('cell-backward', inner, `${lead}: ${where}`);
  }
  const gradientsOk = !bad.some((n) => n.startsWith('d'));
  const clipped = bad.filter((n) => n.startsWith('clipped '));
  const updated = bad.filter((n) => n.startsWith('updated '));
  if (gradientsOk) rule('clipping', clipped, 'the gradients agree but the clipped ones do not: elementwise clipping to [−clip, clip] (section 3.2), of every gradient including the initial states’');
  if (gradientsOk && clipped.length === 0) rule('update', updated, 'the gradients agree but the updated parameters do not: the SGD step θ ← θ − lr·g (after clipping) — section 4.1’s training step (unnumbered)');
  return out;
}

/** The catalogue's mistakes and conventions that explain the result, then the equations for the rest. */
export function diagnoseCell(qs: readonly QuantityReport[], c: CellCase, input: DiagnosisInput & { mistakes: readonly CellMistakeTable[] }): Diagnosis {
  const bad = new Set(qs.filter((q) => !AGREES.has(q.status) && !NOT_JUDGED.has(q.status)).map((q) => q.name));
  const ok = new Set(qs.filter((q) => AGREES.has(q.status)).map((q) => q.name));
  const order = qs.map((q) => q.name);
  const chosen = chooseMistakes(input, bad, ok, order);
  const explained = new Set(chosen.flatMap((x) => x.matched));
  const kindOf = (id: string) => (input.mistakes as readonly CellMistakeTable[]).find((m) => m.m.id === id)!.kind;
  const findings: Finding[] = chosen.map(({ m, matched }) =>
    kindOf(m.id) === 'convention'
      ? { id: m.id, kind: 'mistake', quantities: matched, text: `your ${listed(matched)} ${matched.length === 1 ? 'matches' : 'match'} ${m.when} — a convention, not a mistake: compute the case’s convention (its "variant") or declare the conventions you implement (capabilities "variants")` }
      : { id: m.id, kind: 'mistake', quantities: matched, text: `your ${listed(matched)} ${isAre(matched)} what you get when ${m.when}` },
  );
  findings.push(...cellRules(order.filter((n) => bad.has(n) && !explained.has(n)), ok, c));
  const byName = new Map(chosen.flatMap(({ m, matched }) => matched.map((n) => [n, { id: m.id, when: m.when }] as const)));
  const quantities = qs.map((q) => (bad.has(q.name) ? { ...q, mistake: byName.get(q.name) } : q));
  return { quantities, diagnosis: findings.map((f) => f.text), findings };
}
