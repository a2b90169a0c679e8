/**
 * Plain-number forward passes of the gated cells, written from docs/lstm.md and docs/gru.md
 * without the reference's code: number[] vectors, row-by-row dot products, 1/(1 + e^−z) for σ.
 * They give the specs an independent value of the loss and of every gate.
 */

type Rows = readonly (readonly number[])[];

const dot = (row: readonly number[], v: readonly number[]) => row.reduce((s, w, j) => s + w * v[j], 0);
/** W·v + b, with W given as rows and b as a column's rows. */
export const affine = (W: Rows, v: readonly number[], b: Rows) => W.map((row, i) => dot(row, v) + b[i][0]);
export const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/** −log softmax(o)[k], with the max subtracted first. */
export function crossEntropyOf(o: readonly number[], k: number): number {
  const m = Math.max(...o);
  return m + Math.log(o.reduce((s, v) => s + Math.exp(v - m), 0)) - o[k];
}

export interface LstmGateValues {
  gf: number[];
  gi: number[];
  cTilde: number[];
  go: number[];
  c: number[];
  a: number[];
}

/** The course LSTM (L1)–(L9) over dense inputs: every step's gates and states, and the summed loss. */
export function plainLstm(
  p: Readonly<Record<string, Rows>>,
  xs: readonly (readonly number[])[],
  targets: readonly number[],
  a0: readonly number[],
  c0: readonly number[],
): { loss: number; steps: LstmGateValues[] } {
  let a = [...a0];
  let c = [...c0];
  let loss = 0;
  const steps: LstmGateValues[] = [];
  xs.forEach((x, t) => {
    const v = [...a, ...x];
    const gf = affine(p.Wf, v, p.bf).map(sigma);
    const gi = affine(p.Wi, v, p.bi).map(sigma);
    const cTilde = affine(p.Wc, v, p.bc).map(Math.tanh);
    const go = affine(p.Wo, v, p.bo).map(sigma);
    c = c.map((cPrev, i) => gf[i] * cPrev + gi[i] * cTilde[i]);
    a = c.map((ci, i) => go[i] * Math.tanh(ci));
    loss += crossEntropyOf(affine(p.Wya, a, p.by), targets[t]);
    steps.push({ gf, gi, cTilde, go, c, a });
  });
  return { loss, steps };
}

export interface GruGateValues {
  gr: number[];
  gu: number[];
  aTilde: number[];
  a: number[];
}

/** The GRU (G1)–(G8) over dense inputs in the given convention: every step's gates and state, and the loss. */
export function plainGru(
  p: Readonly<Record<string, Rows>>,
  variant: { reset: string; blend: string },
  xs: readonly (readonly number[])[],
  targets: readonly number[],
  a0: readonly number[],
): { loss: number; steps: GruGateValues[] } {
  let a = [...a0];
  let loss = 0;
  const steps: GruGateValues[] = [];
  const zero = a0.map(() => [0]);
  xs.forEach((x, t) => {
    const gr = affine(p.Wrx, x, p.br).map((v, i) => sigma(v + affine(p.Wra, a, zero)[i]));
    const gu = affine(p.Wux, x, p.bu).map((v, i) => sigma(v + affine(p.Wua, a, zero)[i]));
    const input = affine(p.Wax, x, p.ba);
    const recurrent =
      variant.reset === 'before-matmul'
        ? affine(p.Waa, a.map((ai, i) => gr[i] * ai), zero)
        : affine(p.Waa, a, p.bhn).map((n, i) => gr[i] * n);
    const aTilde = input.map((v, i) => Math.tanh(v + recurrent[i]));
    const keep = variant.blend === 'gate-keeps-old' ? gu : gu.map((u) => 1 - u);
    a = a.map((ai, i) => keep[i] * ai + (1 - keep[i]) * aTilde[i]);
    loss += crossEntropyOf(affine(p.Wya, a, p.by), targets[t]);
    steps.push({ gr, gu, aTilde, a });
  });
  return { loss, steps };
}
