/**
 * The work of `rnn-oracle gradient-flow`, loaded only when the command runs: the model (template
 * initialisation, a model file, a training run, or a gated cell at PyTorch's default
 * initialisation), the lag table (src/flow/flow.ts), ρ and σ₁ of Waa (src/flow/spectrum.ts), the
 * clip counts of a training run (src/flow/clipping.ts) and the plot (src/flow/svg.ts).
 */
import { writeFileSync } from 'node:fs';
import { loadDataset } from '../data/dataset.js';
import { toReference } from '../engine/convert.js';
import { countClipping, type ClipRun } from '../flow/clipping.js';
import { flowTable, type FlowModel } from '../flow/flow.js';
import { fileModel, gruVariantOf, initialGru, initialLstm, layersOf, templateRnn } from '../flow/models.js';
import { clipSummary, decayPerStep, formatClipTable, formatFlowTable, formatValue } from '../flow/report.js';
import { largestSingularValue, spectralRadius } from '../flow/spectrum.js';
import { flowChartSvg } from '../flow/svg.js';
import { entries, realPart, type Matrix } from '../reference/linalg.js';
import type { LstmVariant } from '../reference/lstm/types.js';
import { readAnyModel } from '../train/model-file.js';
import { TEMPLATE_DEFAULTS } from '../train/train.js';
import type { FlowCommandOptions } from './gradient-flow-command.js';
import { CliError, type Io } from './io.js';
import { progressBar } from './progress.js';

/** A progress bar whose time estimate is made from the first report (elapsed · total / done). */
function lazyBar(io: Io, label: string, unit: string) {
  const t0 = performance.now();
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    onProgress: (done: number, total: number) => {
      bar ??= progressBar(io, ((performance.now() - t0) / 1000) * (total / done), label, unit);
      bar.onProgress(done, total);
    },
    stop: () => bar?.stop(),
  };
}

/** The model measured, how the header describes it, and the training run's clip counts if one was made. */
function modelFor(o: FlowCommandOptions, variant: string | undefined, io: Io): { model: FlowModel; what: string; clip?: ClipRun } {
  if (o.model !== undefined) {
    const m = readAnyModel(o.model);
    const layers = layersOf(m);
    if (layers > 1) throw new CliError(`--model ${o.model}: a stacked model (${layers} layers); gradient-flow measures one recurrent layer (a vanilla, LSTM or GRU model)`);
    const model = fileModel(m);
    const run = m.run ? `, ${m.run.iterationsRun} iterations on ${m.run.config.dataset}` : '';
    const cell = 'named' in m ? `${m.settings.cell === 'lstm' ? 'LSTM' : 'GRU'} (variant ${m.settings.variant})` : 'vanilla RNN';
    return { model, what: `the ${cell} in ${o.model} (nA = ${model.params.Wya.size()[1]}, V = ${m.vocabulary.length}${run})` };
  }
  if (o.train !== undefined) {
    const dataset = loadDataset(o.dataset);
    const config = { ...TEMPLATE_DEFAULTS, hidden: o.hidden, iterations: o.train };
    const bar = lazyBar(io, 'training', 'iterations');
    const clip = countClipping(dataset, config, { onProgress: bar.onProgress });
    bar.stop();
    const what = `the vanilla RNN after ${clip.iterationsRun} iterations of rnn-oracle train on ${o.dataset} (nA = ${o.hidden}, V = ${dataset.vocabulary.length}, lr ${config.lr}, clip ${config.clip})`;
    return { model: { cell: 'rnn', params: toReference(clip.params) }, what, clip };
  }
  const V = o.vocab ?? loadDataset('elements').vocabulary.length;
  const sizes = `nA = ${o.hidden}, V = ${V}`;
  if (o.cell === 'lstm') return { model: initialLstm(o.hidden, V, variant as LstmVariant, o.seed), what: `an LSTM (variant ${variant}) at PyTorch's default initialisation, U(±1/√nA), zero biases, seed ${o.seed} (${sizes})` };
  if (o.cell === 'gru') {
    return { model: initialGru(o.hidden, V, gruVariantOf(variant!), o.seed), what: `a GRU (variant ${variant}) at PyTorch's default initialisation, U(±1/√nA), zero biases, seed ${o.seed} (${sizes})` };
  }
  return { model: templateRnn(o.hidden, V), what: `the vanilla RNN at the template's initialisation, randn·0.01 with seed(1) (${sizes})` };
}

/** A square mathjs matrix as a row-major Float64Array. */
const flat = (M: Matrix) => Float64Array.from(entries(M).map(realPart));

/** The line on ρ(Waa) and σ₁(Waa), for the cells that have a Waa (the vanilla cell's, the GRU candidate's). */
function spectrumLine(model: FlowModel): string {
  if (model.cell === 'lstm') return '';
  const Waa = model.params.Waa;
  const n = Waa.size()[0];
  const [rho, sigma] = [spectralRadius(flat(Waa), n), largestSingularValue(flat(Waa), n)];
  const whose = model.cell === 'gru' ? "the candidate's Waa" : 'Waa';
  return `${whose}: spectral radius ρ = ${rho.toPrecision(4)}, largest singular value σ₁ = ${sigma.toPrecision(4)}\n`;
}

/** Runs the command; returns its exit code (0; 1 when the training run diverged). */
export async function gradientFlow(o: FlowCommandOptions, variant: string | undefined, io: Io): Promise<number> {
  const { model, what, clip } = modelFor(o, variant, io);
  const bar = lazyBar(io, 'sequences', 'sequences');
  const rows = flowTable(model, { T: o.steps, sequences: o.sequences, seed: o.seed, onProgress: bar.onProgress });
  bar.stop();
  const through = model.cell === 'rnn' ? "eq. (22)'s Jacobians diag(1 − a⟨t⟩²)·Waa" : model.cell === 'lstm' ? 'the (a, c) Jacobians of (L2)–(L7)' : 'the Jacobians of (G1)–(G6)';
  io.out(`Gradient flow of ${what}\n`);
  io.out(`‖∂l⟨T⟩/∂a⟨t⟩‖ through ${through}, T = ${o.steps}, geometric mean over ${o.sequences} random sequence${o.sequences === 1 ? '' : 's'} (seed ${o.seed})\n`);
  io.out(spectrumLine(model));
  const rate = decayPerStep(rows);
  io.out(`mean factor per step back, lag 1 to ${o.steps}: ${rate === 0 ? '– (a norm is 0)' : formatValue(rate)}\n\n`);
  io.out(formatFlowTable(rows));
  if (clip) {
    io.out(`\nClipping to [−${TEMPLATE_DEFAULTS.clip}, ${TEMPLATE_DEFAULTS.clip}] during the run: ${clipSummary(clip.windows)}; per checkpoint interval:\n\n`);
    io.out(formatClipTable(clip.windows));
  }
  if (o.svg !== undefined) {
    const svg = await flowChartSvg([{ label: model.cell, rows }], `‖∂l⟨T⟩/∂a⟨t⟩‖ against the lag: ${model.cell}`);
    try {
      writeFileSync(o.svg, svg);
    } catch (error) {
      throw new CliError(`--svg ${o.svg}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    io.err(`rnn-oracle: wrote the plot to ${o.svg}\n`);
  }
  if (clip?.diverged) {
    io.err(`rnn-oracle: training diverged at iteration ${clip.diverged.iteration} (${clip.diverged.quantity}); measured the parameters from before it\n`);
    return 1;
  }
  return 0;
}
