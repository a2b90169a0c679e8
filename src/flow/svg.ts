/**
 * The explorer's plot: ‖∂l⟨T⟩/∂a⟨t⟩‖ against the lag T − t, one line per series, log scale, as a
 * vega-lite SVG (the way scripts/experiments.mjs draws docs/results/*.svg). vega and vega-lite are
 * development dependencies: they are loaded only when a plot is asked for, and their absence is a
 * one-line error.
 */
import { UserInputError } from '../errors.js';
import type { FlowRow } from './flow.js';

export interface FlowSeries {
  readonly label: string;
  readonly rows: readonly FlowRow[];
}

/** The vega-lite specification of the plot (zero norms, which a log scale cannot show, are left out). */
export function flowChartSpec(series: readonly FlowSeries[], title: string): Record<string, unknown> {
  const values = series.flatMap((s) => s.rows.filter((r) => r.norm > 0).map((r) => ({ series: s.label, lag: r.lag, norm: r.norm })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'lag', type: 'quantitative', title: 'lag T − t (steps back from the last step)' },
      y: { field: 'norm', type: 'quantitative', scale: { type: 'log' }, title: '‖∂l⟨T⟩/∂a⟨t⟩‖ (log scale)', axis: { format: '.0e' } },
      color: { field: 'series', type: 'nominal', title: null, sort: null },
    },
  };
}

/** The plot as SVG text. */
export async function flowChartSvg(series: readonly FlowSeries[], title: string): Promise<string> {
  let vega: typeof import('vega');
  let vl: typeof import('vega-lite');
  try {
    [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  } catch {
    throw new UserInputError('--svg needs the packages vega and vega-lite (development dependencies of rnn-oracle): run npm install in its directory, or leave out --svg');
  }
  const spec = vl.compile(flowChartSpec(series, title) as unknown as Parameters<typeof vl.compile>[0]).spec;
  return new vega.View(vega.parse(spec), { renderer: 'none' }).toSVG();
}
