/**
 * Arbitraries for fuzzing the parsers: raw bytes, arbitrary JSON, and structure-aware mutations of
 * a valid document (one value replaced, removed or duplicated at a random path), which reach much
 * deeper into a validator than random JSON does.
 */
import fc from 'fast-check';

/** Runs per parser in `npm test`; `FUZZ_RUNS=5000 npm run fuzz` runs more. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (array of keys/indices) of a JSON value, the root included. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

/** Values that validators often forget: non-finite strings, huge and tiny numbers, wrong types. */
const nasty = fc.oneof(
  fc.constantFrom<Json>('NaN', 'Infinity', '-Infinity', -1, 0, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 0.5, '', '0', [], {}, null, true, [[]], [null]),
  fc.jsonValue() as fc.Arbitrary<Json>,
);

type Mutation = { kind: 'replace' | 'delete' | 'duplicate'; pathIndex: number; value: Json };

function apply(doc: Json, m: Mutation): Json {
  const copy = structuredClone(doc);
  const all = paths(copy);
  const path = all[m.pathIndex % all.length];
  if (path.length === 0) return m.kind === 'replace' ? m.value : copy;
  let parent: Json = copy;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[k];
  const key = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = key as number;
    if (m.kind === 'delete') parent.splice(i, 1);
    else if (m.kind === 'duplicate') parent.splice(i, 0, structuredClone(parent[i]));
    else parent[i] = m.value;
  } else {
    const obj = parent as Record<string, Json>;
    if (m.kind === 'delete') delete obj[key as string];
    else if (m.kind === 'duplicate') obj[`${key as string}_extra`] = structuredClone(obj[key as string]);
    else obj[key as string] = m.value;
  }
  return copy;
}

/** A valid document with one to three mutations at random paths. */
export function mutated(doc: unknown): fc.Arbitrary<unknown> {
  const mutation = fc.record({ kind: fc.constantFrom('replace', 'delete', 'duplicate') as fc.Arbitrary<Mutation['kind']>, pathIndex: fc.nat(), value: nasty });
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce((d, m) => apply(d, m), doc as Json));
}

/** Text that is not a JSON document: raw bytes (maybe invalid UTF-8), truncated JSON, or plain words. */
export function garbage(valid: string): fc.Arbitrary<Uint8Array> {
  const enc = (s: string) => new TextEncoder().encode(s);
  return fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 200 }).filter((b) => b.length === 0 || b[0] !== 0x7b && b[0] !== 0x5b),
    fc.integer({ min: 0, max: Math.max(0, valid.length - 2) }).map((n) => enc(valid.slice(0, n))),
    fc.string({ maxLength: 50 }).map((s) => enc(`not json ${s}`)),
  );
}
