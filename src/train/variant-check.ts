/**
 * The training variants' part of a model file (src/train/model-file.ts): $.config.optimizer,
 * $.config.clipNorm, $.config.chunk and $.config.init; Adagrad's memory $.adagradMemory; a chunked
 * run's $.nextChunk and $.chunkCount. Errors are one line naming the file and the JSON path.
 */
import { ModelFileError, readMatrix, type Fail } from './model-values.js';
import { MAX_CHUNK, OPTIMIZERS } from './variants.js';

/** The parameters in storage order (the reference's PARAM_NAMES; importing it would load mathjs). */
const PARAM_NAMES = ['Wax', 'Waa', 'Wya', 'ba', 'by'] as const;

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Checks the variant settings of $.config and the chunk position; returns the chunk count to check against the dataset. */
export function checkVariantRun(m: Record<string, unknown>, c: Record<string, unknown>, fail: Fail): { chunkCount?: number } {
  if (c.optimizer !== undefined && !(OPTIMIZERS as readonly unknown[]).includes(c.optimizer)) fail('$.config.optimizer', `must be ${OPTIMIZERS.map((o) => `"${o}"`).join(' or ')}, got ${JSON.stringify(c.optimizer)}`);
  if (c.clipNorm !== undefined && !(typeof c.clipNorm === 'number' && c.clipNorm > 0 && c.clipNorm <= 1e6)) fail('$.config.clipNorm', `must be a number greater than 0 and at most 1000000, got ${JSON.stringify(c.clipNorm)}`);
  if (c.clipNorm !== undefined && c.clip !== undefined) fail('$.config.clip', 'is set and so is $.config.clipNorm; a run clips elementwise or by the global norm, not both');
  if (c.chunk !== undefined && !(isCount(c.chunk) && c.chunk >= 1 && c.chunk <= MAX_CHUNK)) fail('$.config.chunk', `must be an integer from 1 to ${MAX_CHUNK}, got ${JSON.stringify(c.chunk)}`);
  if (c.init !== undefined && typeof c.init !== 'string') fail('$.config.init', `must be a string, got ${JSON.stringify(c.init)}`);
  if (c.chunk === undefined) {
    for (const k of ['nextChunk', 'chunkCount'] as const) if (m[k] !== undefined) fail(`$.${k}`, 'is set but $.config.chunk is not');
    return {};
  }
  for (const k of ['nextChunk', 'chunkCount'] as const) if (m[k] !== undefined && !isCount(m[k])) fail(`$.${k}`, `must be a non-negative integer, got ${JSON.stringify(m[k])}`);
  if (m.chunkCount === undefined) return {};
  const count = m.chunkCount as number;
  if (count < 1) fail('$.chunkCount', 'must be at least 1');
  const expected = ((m.iterationsRun as number) % count) * (c.chunk as number);
  if (m.nextChunk !== undefined && m.nextChunk !== expected) {
    fail('$.nextChunk', `is ${m.nextChunk} but iteration ${m.iterationsRun} starts at character ${expected} (${count} chunks of ${c.chunk} per pass)`);
  }
  return { chunkCount: count };
}

/** Adagrad's memory from $.adagradMemory (shaped as $.params, every entry ≥ 0), required exactly when the run uses Adagrad. */
export function readMemory(m: Record<string, unknown>, config: { readonly optimizer?: string } | undefined, nA: number, V: number, path: string): Float64Array | undefined {
  const adagrad = config?.optimizer === 'adagrad';
  const raw = m.adagradMemory as Record<string, unknown> | undefined;
  if (raw === undefined) {
    if (adagrad) throw new ModelFileError(`${path}: $.adagradMemory is missing (an Adagrad run's state needs it)`);
    return undefined;
  }
  if (!adagrad) throw new ModelFileError(`${path}: $.adagradMemory is set but $.config.optimizer is not "adagrad"`);
  if (typeof raw !== 'object' || raw === null) throw new ModelFileError(`${path}: $.adagradMemory must be an object of matrices shaped as $.params`);
  const shapes = { Wax: [nA, V], Waa: [nA, nA], Wya: [V, nA], ba: [nA, 1], by: [V, 1] } as const;
  const parts = PARAM_NAMES.map((name) => {
    const where = `$.adagradMemory.${name}`;
    const part = readMatrix(raw[name], where, path, shapes[name][0], shapes[name][1]);
    const k = part.findIndex((v) => !(v >= 0));
    if (k >= 0) throw new ModelFileError(`${path}: ${where}[${Math.floor(k / shapes[name][1])}][${k % shapes[name][1]}] is ${part[k]}; Adagrad's memory is a sum of squares, never negative`);
    return part;
  });
  const memory = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) memory.set(part, (offset += part.length) - part.length);
  return memory;
}
