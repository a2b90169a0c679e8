/**
 * The explorer's printed tables: the gradient's norm against the lag (src/flow/flow.ts) and the
 * clip counts per checkpoint window (src/flow/clipping.ts). Plain text, fixed-width columns.
 */
import type { ClipWindow } from './clipping.js';
import { GRADIENT_NAMES } from './clipping.js';
import type { FlowRow } from './flow.js';

/** A norm or ratio in 3 significant digits, scientific (0 and 1 written plainly). */
export function formatValue(v: number): string {
  if (v === 0 || v === 1) return String(v);
  return v.toExponential(2);
}

/** The lag table: lag, ‖∂l⟨T⟩/∂a⟨t⟩‖, its ratio to lag 0, and for the LSTM ‖∂l⟨T⟩/∂c⟨t⟩‖. */
export function formatFlowTable(rows: readonly FlowRow[]): string {
  const cell = rows.some((r) => r.cellNorm !== undefined);
  const header = `${'lag T−t'.padStart(7)}  ${'‖∂l⟨T⟩/∂a⟨t⟩‖'.padStart(14)}  ${'ratio to lag 0'.padStart(14)}${cell ? `  ${'‖∂l⟨T⟩/∂c⟨t⟩‖'.padStart(14)}` : ''}`;
  const lines = rows.map(
    (r) =>
      `${String(r.lag).padStart(7)}  ${formatValue(r.norm).padStart(14)}  ${formatValue(r.ratio).padStart(14)}${cell ? `  ${formatValue(r.cellNorm ?? 0).padStart(14)}` : ''}`,
  );
  return [header, ...lines].join('\n') + '\n';
}

/** The per-rate decay: the geometric mean of the step-to-step ratio between two lags, (norm(k₂)/norm(k₁))^(1/(k₂−k₁)). */
export function decayPerStep(rows: readonly FlowRow[], from = 1, to = rows.length - 1): number {
  const [a, b] = [rows[from]?.norm ?? 0, rows[to]?.norm ?? 0];
  return to > from && a > 0 && b > 0 ? (b / a) ** (1 / (to - from)) : 0;
}

const percent = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

/** The clip table: per window, the iterations where the clip changed some gradient, in all and per gradient. */
export function formatClipTable(windows: readonly ClipWindow[]): string {
  const header = `${'iterations'.padEnd(13)}  ${'fired'.padStart(6)}  ${'share'.padStart(6)}  ${GRADIENT_NAMES.map((n) => n.padStart(5)).join('  ')}  ${'smoothed loss'.padStart(13)}`;
  const lines = windows.map(
    (w) =>
      `${`${w.from}–${w.to - 1}`.padEnd(13)}  ${String(w.fired).padStart(6)}  ${percent(w.fired, w.to - w.from).padStart(6)}  ` +
      `${GRADIENT_NAMES.map((n) => String(w.byGradient[n]).padStart(5)).join('  ')}  ${w.smoothedLoss.toFixed(6).padStart(13)}`,
  );
  return [header, ...lines].join('\n') + '\n';
}

/** "fired in F of N iterations (p%)" over all windows. */
export function clipSummary(windows: readonly ClipWindow[]): string {
  const fired = windows.reduce((s, w) => s + w.fired, 0);
  const n = windows.reduce((s, w) => s + (w.to - w.from), 0);
  return `the clip changed a gradient in ${fired} of ${n} iterations (${percent(fired, n)})`;
}
