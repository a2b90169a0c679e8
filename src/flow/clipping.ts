/**
 * How often the template's elementwise clip (Question D) actually changes a gradient during a
 * training run. The run is the one `rnn-oracle train` makes (src/train/train.ts: template
 * initialisation, the seed(0) shuffle, one example per iteration, hidden state carried, clip, SGD),
 * replayed here on the engine's public API so that each iteration's gradients can be looked at
 * before they are clipped; spec/flow/clipping.spec.ts proves the replay ends on train()'s
 * parameters bit for bit. (When TrainHooks report clipping, this replay can use them instead.)
 *
 * Clipping "fired" at an iteration when some entry of dWax, dWaa, dWya, dba or dby lay outside
 * [−clip, clip], so that np.clip changed it.
 */
import type { Dataset } from '../data/dataset.js';
import type { FastParams } from '../engine/model.js';
import { backward, clipAndStep, forward, Workspace } from '../engine/rnn.js';
import { copyParams } from '../engine/model.js';
import { clipChanges } from '../engine/update.js';
import { encodeExample, initialState, shuffledExamples, type TrainConfig } from '../train/train.js';

export const GRADIENT_NAMES = ['dWax', 'dWaa', 'dWya', 'dba', 'dby'] as const;
export type GradientName = (typeof GRADIENT_NAMES)[number];

/** Iterations [from, to) — one checkpoint interval of `every` — and how often the clip fired in them. */
export interface ClipWindow {
  readonly from: number;
  readonly to: number;
  /** Iterations where some gradient had an entry outside [−clip, clip]. */
  readonly fired: number;
  /** The same, per gradient. */
  readonly byGradient: Readonly<Record<GradientName, number>>;
  /** The smoothed loss after the window's last iteration (as train prints it). */
  readonly smoothedLoss: number;
}

export interface ClipRun {
  readonly windows: readonly ClipWindow[];
  /** The parameters after the run (or before the iteration that diverged). */
  readonly params: FastParams;
  readonly iterationsRun: number;
  readonly diverged?: { readonly iteration: number; readonly quantity: string };
}

export { clipChanges };

export interface ClipHooks {
  /** Called every 1000 iterations with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called as each window closes, with the parameters reached (the workspace's: copy what you keep). */
  readonly onWindow?: (window: ClipWindow, params: FastParams) => void;
}

/** Trains as `rnn-oracle train` does for `config.iterations`, counting clip events per window of `config.every`. */
export function countClipping(dataset: Dataset, config: TrainConfig, hooks: ClipHooks = {}): ClipRun {
  const clip = config.clip;
  if (clip === undefined) throw new RangeError('countClipping replays the elementwise clip: config.clip must be set');
  const V = dataset.vocabulary.length;
  const examples = shuffledExamples(dataset);
  const start = initialState(config.hidden, V);
  const ws = new Workspace(config.hidden, V);
  ws.load(start.params);
  let aPrev = start.aLast;
  let smoothed = start.smoothedLoss;
  const windows: ClipWindow[] = [];
  let window = { from: 0, fired: 0, byGradient: Object.fromEntries(GRADIENT_NAMES.map((n) => [n, 0])) as Record<GradientName, number> };
  const close = (to: number) => {
    windows.push({ ...window, to, smoothedLoss: smoothed });
    hooks.onWindow?.(windows[windows.length - 1], ws.params);
    window = { from: to, fired: 0, byGradient: Object.fromEntries(GRADIENT_NAMES.map((n) => [n, 0])) as Record<GradientName, number> };
  };
  let j = 0;
  let diverged: ClipRun['diverged'];
  for (; j < config.iterations; j++) {
    const { X, Y } = encodeExample(examples[j % examples.length], dataset.charToIndex);
    const loss = forward(ws.params, X, Y, aPrev, ws);
    if (!Number.isFinite(loss)) {
      diverged = { iteration: j, quantity: 'loss' };
      break;
    }
    const grads = backward(X, Y, ws);
    const clipped = GRADIENT_NAMES.filter((name) => clipChanges(grads[name], clip));
    const bad = clipAndStep(ws, clip, config.lr);
    if (bad) {
      diverged = { iteration: j, quantity: bad };
      break;
    }
    for (const name of clipped) window.byGradient[name]++;
    if (clipped.length > 0) window.fired++;
    aPrev = ws.a.slice(X.length * config.hidden, (X.length + 1) * config.hidden);
    smoothed = smoothed * 0.999 + loss * 0.001;
    if ((j + 1) % config.every === 0) close(j + 1);
    if ((j + 1) % 1000 === 0) hooks.onProgress?.(j + 1, config.iterations);
  }
  if (j > window.from) close(j);
  return { windows, params: copyParams(ws.params), iterationsRun: j, ...(diverged ? { diverged } : {}) };
}
