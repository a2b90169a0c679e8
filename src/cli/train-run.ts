/**
 * Running a training from the command line: the progress bar, interruption and saving. Training
 * runs in slices of about 50 ms so that SIGINT/SIGTERM/SIGHUP are seen between iterations; on the
 * first one the run stops at the end of the current iteration, the bar is stopped (cursor shown,
 * line wrapping back on), the run is saved, and the exit code is 128 + the signal's number. A second
 * signal exits at once (still restoring the terminal and removing temporary files). Signals are
 * watched until the model is written, so none kills the process in the middle of a write. An error
 * writing standard output (EPIPE from `train | head`) stops the run the same way, as SIGPIPE (141).
 */
import { tmpdir } from 'node:os';
import type { Dataset } from '../data/dataset.js';
import { ModelFileError, modelJson } from '../train/model-file.js';
import { freeCheckpointPath, removeTemporaryFiles, writeAtomically } from '../train/output.js';
import { CellTrainingRun, type CellTrainResult, type CellTrainState } from '../train/cell-train.js';
import { checkpointFormat, TrainingRun, type TrainConfig, type TrainResult, type TrainState } from '../train/train.js';
import { isCellRun } from '../train/variants.js';
import type { Io } from './io.js';

/** What the tests inject; the CLI uses the defaults. */
export interface TrainEnv {
  /** Aborting it interrupts the run as SIGINT does. */
  readonly signal?: AbortSignal;
  /** Where the progress bar draws (process.stderr). */
  readonly terminal?: NodeJS.WritableStream;
  /** Where an interrupted run without --out is saved (the working directory). */
  readonly checkpointDir?: string;
}

/** How often the progress bar is redrawn, in iterations. */
const PROGRESS_EVERY = 250;
/** Longest stretch of training between two looks at the signals, in milliseconds. */
const SLICE_MS = 50;
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
/** SIGPIPE stands for an error writing standard output (a closed pipe: `train | head`); Node ignores the signal itself. */
const STOPS = { ...SIGNALS, SIGPIPE: 13 } as const;
type StopSignal = keyof typeof STOPS;

/** The exit code of a process stopped by `signal`: 128 + its number (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + STOPS[signal];
}

/** The signals that stop a run, watched for the whole command (training and saving). */
export interface SignalWatch {
  /** The first signal received, if any. */
  readonly received: () => StopSignal | undefined;
  /** Registers something to undo if a second signal forces an immediate exit (e.g. stop the bar). */
  readonly onForcedExit: (undo: () => void) => void;
  readonly dispose: () => void;
}

/**
 * Watches SIGINT/SIGTERM/SIGHUP, errors on standard output (as SIGPIPE) and `abort` (as SIGINT): the first is remembered, a
 * second exits at once. While watched, a signal never kills the process in the middle of a write,
 * and temporary files are removed on exit.
 */
export function watchSignals(abort?: AbortSignal): SignalWatch {
  let received: StopSignal | undefined;
  const undo: (() => void)[] = [];
  const onSignal = (signal: StopSignal) => {
    if (received) {
      for (const u of undo) u();
      removeTemporaryFiles();
      process.exit(signalExitCode(signal));
    }
    received = signal;
  };
  const onAbort = () => (received ??= 'SIGINT');
  const onStdoutError = () => (received ??= 'SIGPIPE');
  for (const s of Object.keys(SIGNALS) as StopSignal[]) process.on(s, onSignal);
  process.stdout.on('error', onStdoutError);
  process.on('exit', removeTemporaryFiles);
  abort?.addEventListener('abort', onAbort);
  if (abort?.aborted) onAbort();
  return {
    received: () => received,
    onForcedExit: (u) => void undo.push(u),
    dispose: () => {
      for (const s of Object.keys(SIGNALS) as StopSignal[]) process.removeListener(s, onSignal);
      process.removeListener('exit', removeTemporaryFiles);
      process.stdout.removeListener('error', onStdoutError);
      abort?.removeEventListener('abort', onAbort);
    },
  };
}

export interface RunOutcome {
  readonly result: TrainResult | CellTrainResult;
  /** The signal that interrupted the run, if one did. */
  readonly interrupted?: StopSignal;
}

/** Trains `config` from `state` with the template's log on stdout and a bar on a terminal, until done, diverged or a signal. */
export async function runTraining(dataset: Dataset, config: TrainConfig, state: TrainState | CellTrainState | undefined, io: Io, signals: SignalWatch, env: TrainEnv): Promise<RunOutcome> {
  const run = isCellRun(config) ? new CellTrainingRun(dataset, config, state as CellTrainState | undefined) : new TrainingRun(dataset, config, state as TrainState | undefined);
  const first = state?.iterationsRun ?? 0;
  // cli-progress is loaded only on a terminal, so that a piped run starts without it
  const cliProgress = io.errIsTTY ? (await import('cli-progress')).default : undefined;
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        { format: '{bar} iteration {value}/{total} | smoothed loss {loss} | {speed} it/s | perplexity {ppl} | ETA {eta_formatted}', stream: env.terminal ?? process.stderr, hideCursor: true, linewrap: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  if (bar) signals.onForcedExit(() => bar.stop());
  const start = performance.now();
  try {
    bar?.start(config.iterations, first, { loss: '-', ppl: '-', speed: '-' });
    const format = checkpointFormat(config);
    for (;;) {
      const sliceEnd = performance.now() + SLICE_MS;
      const result = run.run({
        onCheckpoint: (c) => io.out(format(c)),
        onIteration: (j, loss, ppl) => {
          if (bar && (j + 1) % PROGRESS_EVERY === 0) {
            const speed = ((j + 1 - first) / ((performance.now() - start) / 1000)).toFixed(0);
            bar.update(j + 1, { loss: loss.toFixed(4), ppl: ppl.toFixed(3), speed });
          }
        },
        shouldStop: () => signals.received() !== undefined || performance.now() >= sliceEnd,
      });
      const interrupted = signals.received();
      if (!result.stopped || interrupted) return { result, ...(interrupted ? { interrupted } : {}) };
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    bar?.stop();
  }
}

/**
 * Writes the run to `path`; if that fails (disk full, directory gone), to a free
 * rnn-oracle-checkpoint.json in `rescueDir`, then in the temporary directory, so a run is not lost.
 * Returns where it went and, when that is not `path`, why.
 */
export function saveRun(path: string, dataset: Dataset, config: TrainConfig, result: TrainResult | CellTrainResult, rescueDir = '.'): { path: string; failure?: string } {
  const json = modelJson(dataset, config, result);
  let failure: string | undefined;
  for (const target of [path, () => freeCheckpointPath(rescueDir), () => freeCheckpointPath(tmpdir())]) {
    const p = typeof target === 'string' ? target : target();
    try {
      writeAtomically(p, json);
      return failure ? { path: p, failure } : { path: p };
    } catch (error) {
      failure ??= `could not write ${p} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  }
  throw new ModelFileError(`${failure}; nor in ${rescueDir} or ${tmpdir()}`);
}
