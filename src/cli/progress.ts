/** The gradient checks' progress bar on stderr (a terminal only), shared by gradcheck-run.ts and gradcheck-cells-run.ts. */
import cliProgress from 'cli-progress';
import type { Io } from './io.js';

/** A progress bar is drawn (on a terminal) for runs estimated longer than this. */
export const PROGRESS_SECONDS = 2;

/** An onProgress callback drawing a bar labelled `label … {value}/{total} unit`, and its stop; a no-op off a terminal or for short runs. */
export function progressBar(io: Io, estimate: number, label: string, unit: string): { onProgress: (done: number, total: number) => void; stop: () => void } {
  const bar =
    io.errIsTTY && estimate > PROGRESS_SECONDS
      ? new cliProgress.SingleBar(
          { format: `{bar} ${label} {value}/{total} ${unit} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
