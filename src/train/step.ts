/**
 * One iteration's update after BPTT: the gradients clipped (elementwise to [−clip, clip], the
 * template's, or by d2l's global norm), then the parameters stepped (SGD, the template's, or
 * min-char-rnn's Adagrad). The rules are src/engine/update.ts's, each equal to a reference
 * function; the template's pair stays the WebAssembly `clipAndStep`, so its runs are unchanged.
 */
import { clipAndStep, nanGradient, type Workspace } from '../engine/rnn.js';
import { adagradUpdate, anyOutside, clipGradientsByNorm, clipGradientsElementwise, gradientNorm, sgdUpdate } from '../engine/update.js';
import type { TrainVariants } from './variants.js';

/** The settings an update needs. */
export interface UpdateConfig extends TrainVariants {
  readonly lr: number;
  /** The elementwise bound; absent exactly when `clipNorm` is set. */
  readonly clip?: number;
}

/** What one update did, for TrainHooks.onStep (gradient-flow statistics). */
export interface UpdateInfo {
  /** ‖g‖ over the five parameter gradients, before clipping. */
  readonly gradientNorm: number;
  /** Whether clipping changed any gradient entry. */
  readonly clipped: boolean;
}

/** The name of the quantity that stopped the update when it could not be done (NaN gradient, infinite norm). */
export interface UpdateOutcome {
  readonly bad?: string;
  readonly info?: UpdateInfo;
}

/**
 * Clips and steps the workspace's parameters; `memory` is Adagrad's (updated in place). With
 * `withInfo` it also measures the norm and whether clipping fired (read-only: the step is the same).
 */
export function updateParameters(ws: Workspace, config: UpdateConfig, memory: Float64Array | undefined, withInfo: boolean): UpdateOutcome {
  const norm = withInfo || config.clipNorm !== undefined ? gradientNorm(ws) : NaN;
  if (config.clipNorm === undefined && config.optimizer !== 'adagrad') {
    const clipped = withInfo && anyOutside(ws, config.clip!);
    const bad = clipAndStep(ws, config.clip!, config.lr); // the template: clip, then SGD; refused on a NaN gradient
    return bad ? { bad } : withInfo ? { info: { gradientNorm: norm, clipped } } : {};
  }
  const bad = nanGradient(ws);
  if (bad) return { bad };
  if (config.clipNorm !== undefined && !Number.isFinite(norm)) return { bad: 'gradient norm' };
  const clipped = config.clipNorm !== undefined ? clipGradientsByNorm(ws, config.clipNorm, norm) : clipGradientsElementwise(ws, config.clip!);
  if (config.optimizer === 'adagrad') adagradUpdate(ws, memory!, config.lr);
  else sgdUpdate(ws, config.lr);
  return withInfo ? { info: { gradientNorm: norm, clipped } } : {};
}
