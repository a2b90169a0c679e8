/**
 * What another implementation can express (design/protocol.md, "Capabilities"): the input kinds it
 * takes, the quantities it produces, its update rule, its loss reduction and its precision. Every
 * field is optional; absent fields mean the document's behaviour (all inputs, all outputs, SGD, sum,
 * float64). Tests and quantities outside an implementation's capabilities are SKIPPED, never failed.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AnyCase } from './any-case.js';
import { ConformanceInputError } from './case.js';
import { modelName, variantName } from './cells/model.js';
import { CELLS, gruVariantSchema } from './schema2.js';
import type { Variant } from './evaluate.js';
import { issueLine } from './schema.js';

export const INPUT_KINDS = ['null', 'index', 'dense'] as const;
export const OUTPUTS = ['loss', 'a', 'yHat', 'gradients', 'da0', 'clipped', 'updated'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
export type Output = (typeof OUTPUTS)[number];

export const capabilitiesSchema = z.strictObject({
  inputs: z.array(z.enum(INPUT_KINDS)).optional().describe('input kinds it accepts (default all)'),
  outputs: z.array(z.enum(OUTPUTS)).optional().describe('quantities it produces (default all)'),
  update: z.enum(['sgd', 'adagrad', 'none']).optional().describe('its update rule for `updated` (default sgd)'),
  lossReduction: z.enum(['sum', 'mean']).optional().describe('sum over the T steps (default), or mean: loss and gradients ÷ T'),
  precision: z.enum(['float64', 'float32']).optional().describe('which tolerances apply (default float64)'),
  cells: z.array(z.enum(CELLS)).optional().describe('cells it implements (default all): tests of others are skipped'),
  variants: z
    .array(z.union([z.enum(['course', 'split']), gruVariantSchema]))
    .optional()
    .describe('LSTM and GRU conventions it implements (default all), as a case@2 names them: tests of others are skipped'),
});

export type Capabilities = z.infer<typeof capabilitiesSchema>;

/** Capabilities from a JSON object; errors name `source` and the JSON path (exit 2). */
export function parseCapabilities(raw: unknown, source = 'capabilities'): Capabilities {
  const parsed = capabilitiesSchema.safeParse(raw);
  if (!parsed.success) throw new ConformanceInputError(`${source}: ${issueLine(parsed.error.issues[0])}`);
  return parsed.data;
}

/** `--capabilities`: inline JSON (starts with `{`) or the path of a JSON file. */
export function capabilitiesArgument(text: string): Capabilities {
  let body = text;
  if (!text.trim().startsWith('{')) {
    try {
      body = readFileSync(text, 'utf8');
    } catch (error) {
      throw new ConformanceInputError(`--capabilities ${text}: neither JSON nor a readable file (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw new ConformanceInputError(`--capabilities: not JSON (${(error as Error).message})`);
  }
  return parseCapabilities(raw, '--capabilities');
}

/** Field by field, `winner` over `base` (command-line flags win over the hello line). */
export function mergeCapabilities(base: Capabilities | undefined, winner: Capabilities | undefined): Capabilities {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(winner ?? {})) if (v !== undefined) out[k] = v;
  return out as Capabilities;
}

/** The kind of each input of a case: null, an index (one-hot) or a dense vector. */
export function inputKindsOf(c: AnyCase): Set<InputKind> {
  return new Set(c.json.inputs.map((x) => (x === null ? 'null' : typeof x === 'number' ? 'index' : 'dense')));
}

/** The names of the quantities a case asks for (report names: loss, a, yHat, dWax, …, updated by). */
export function quantityNames(c: AnyCase): string[] {
  if ('kind' in c) {
    const params = Object.keys(c.model.params);
    const all = [...params, ...Object.keys(c.model.states)];
    return ['loss', 'a', 'yHat', ...all.map((k) => `d${k}`), ...(c.clip !== undefined ? all.map((k) => `clipped d${k}`) : []), ...(c.lr !== undefined ? params.map((k) => `updated ${k}`) : [])];
  }
  const slots = ['Wax', 'Waa', 'Wya', 'ba', 'by'];
  return [
    'loss', 'a', 'yHat',
    ...[...slots, 'a0'].map((k) => `d${k}`),
    ...(c.clip !== undefined ? [...slots, 'a0'].map((k) => `clipped d${k}`) : []),
    ...(c.lr !== undefined ? slots.map((k) => `updated ${k}`) : []),
  ];
}

/** Why a whole test is skipped ("dense inputs", "nothing to check"), or undefined when it can run. */
export function skipReason(c: AnyCase, caps: Capabilities): string | undefined {
  const model = 'kind' in c ? c.model : { cell: 'rnn' as const, layers: 1, variant: undefined };
  if (caps.cells && !caps.cells.includes(model.cell)) return `${model.cell} cells`;
  if (caps.variants && model.variant !== undefined && !caps.variants.some((v) => variantName(v) === variantName(model.variant!))) return `variant ${modelName(model)}`;
  const missing = caps.inputs ? [...inputKindsOf(c)].filter((k) => !caps.inputs!.includes(k)) : [];
  if (missing.length > 0) return `${missing.join(' and ')} inputs`;
  return quantityNames(c).every((name) => quantitySkipReason(name, caps)) ? 'nothing to check' : undefined;
}

/** The output a quantity belongs to, by its report name ("clipped da0" needs both clipped and da0). */
export function outputsOf(name: string): Output[] {
  if (name === 'loss' || name === 'a' || name === 'yHat') return [name];
  // da0 stands for every initial state's gradient: ∂L/∂c⟨0⟩ and each layer's ∂L/∂a⟨0⟩ too
  if (/^d[ac]0(\[\d+\])?$/.test(name)) return ['da0'];
  if (/^clipped d[ac]0(\[\d+\])?$/.test(name)) return ['clipped', 'da0'];
  if (name.startsWith('clipped ')) return ['clipped'];
  if (name.startsWith('updated ')) return ['updated'];
  return ['gradients'];
}

/** Why a quantity is not checked for an implementation with these capabilities, or undefined. */
export function quantitySkipReason(name: string, caps: Capabilities): string | undefined {
  if (name.startsWith('updated ') && caps.update === 'none') return 'their update rule is "none"';
  const absent = caps.outputs && outputsOf(name).filter((o) => !caps.outputs!.includes(o));
  return absent && absent.length > 0 ? `not in their outputs (${absent.join(', ')})` : undefined;
}

/** The computation the expected values follow: mean over time, Adagrad instead of SGD. */
export function variantOf(caps: Capabilities): Variant {
  return {
    ...(caps.lossReduction === 'mean' ? { meanOverTime: true } : {}),
    ...(caps.update === 'adagrad' ? { update: 'adagrad' as const } : {}),
  };
}
