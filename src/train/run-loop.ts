/**
 * The iteration loop every training run shares (the template's and the cells'): forward from the
 * carried state (or zeros at a fresh chunk), BPTT, the update, the smoothed loss and length
 * (s ← 0.999·s + 0.001·x), and every `every` iterations a checkpoint with sampled names. What the
 * model is — the vanilla Workspace or a cell engine — is behind LoopModel.
 */
import type { UpdateOutcome } from './step.js';
import type { Sequences } from './sequences.js';
import { perplexity } from './variants.js';
import type { Checkpoint, TrainConfig, TrainHooks } from './train.js';

/** One model's part of an iteration. */
export interface LoopModel {
  /** The forward pass over X, Y from the carried state (zeros when `fresh`); returns the loss. */
  forward(X: readonly (number | null)[], Y: readonly number[], fresh: boolean): number;
  backward(X: readonly (number | null)[], Y: readonly number[]): void;
  /** Clip and step; `bad` names the quantity that stopped it. */
  update(withInfo: boolean): UpdateOutcome;
  /** Keeps the state after T steps as the next sequence's initial state. */
  carry(T: number): void;
  /** A name sampled from the current parameters with seed s (src/train/sample.ts). */
  sample(seed: number): string;
}

/** Where a run is: the smoothed loss and length, the iterations run, and a divergence if one stopped it. */
export interface LoopState {
  smoothed: number;
  smoothedChars: number;
  j: number;
  diverged?: { iteration: number; quantity: string };
}

/** Whether a run has nothing left to do (all iterations run, or diverged). */
export function loopFinished(s: LoopState, config: TrainConfig): boolean {
  return s.diverged !== undefined || s.j >= config.iterations;
}

/** Runs iterations until the end, a divergence, or `shouldStop`; `s` is advanced in place. */
export function runLoop(model: LoopModel, sequences: Sequences, config: TrainConfig, s: LoopState, hooks: TrainHooks): { checkpoints: Checkpoint[]; stopped?: boolean } {
  const checkpoints: Checkpoint[] = [];
  while (!loopFinished(s, config)) {
    const j = s.j;
    const { X, Y, fresh } = sequences.at(j);
    const loss = model.forward(X, Y, fresh);
    if (!Number.isFinite(loss)) {
      s.diverged = { iteration: j, quantity: 'loss' };
      break;
    }
    model.backward(X, Y);
    const update = model.update(hooks.onStep !== undefined);
    if (update.bad) {
      s.diverged = { iteration: j, quantity: update.bad };
      break;
    }
    if (update.info) hooks.onStep?.({ iteration: j, loss, characters: X.length, ...update.info });
    model.carry(X.length);
    s.smoothed = s.smoothed * 0.999 + loss * 0.001;
    s.smoothedChars = s.smoothedChars * 0.999 + X.length * 0.001;
    s.j = j + 1;
    const ppl = perplexity(s.smoothed, s.smoothedChars);
    hooks.onIteration?.(j, s.smoothed, ppl);
    if (j % config.every === 0) {
      const names = Array.from({ length: config.samples }, (_, seed) => model.sample(seed));
      const c = { iteration: j, loss: s.smoothed, names, perplexity: ppl };
      checkpoints.push(c);
      hooks.onCheckpoint?.(c);
    }
    if (!loopFinished(s, config) && hooks.shouldStop?.(s.j)) return { checkpoints, stopped: true };
  }
  return { checkpoints };
}
