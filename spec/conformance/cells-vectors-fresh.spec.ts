/**
 * The cells' suite tables and generator (cells/vectors.ts, vectors2.ts), in fresh copies of the
 * modules inside the test: see vectors-fresh.spec.ts for why (tables built at load, the suite
 * cached per process, StrykerJS crediting them to whichever test loaded them first).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as CellTables from '../../src/conformance/cells/vectors.js';
import type * as Vectors2 from '../../src/conformance/vectors2.js';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';
import { NumpyRandom } from '../../src/random/numpy.js';

const committed = JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite;
const stored = committed.testGroups.flatMap((g) => g.tests);
let copies = 0;
/** A new instance of a module of src/conformance (its dependencies shared). */
const fresh = async <T>(file: string): Promise<T> => (await import(/* @vite-ignore */ `../../src/conformance/${file}?fresh=${++copies}`)) as T;

describe('the cells’ tables (a fresh copy of cells/vectors.ts)', () => {
  it('draw, from seed 2026 in table order, exactly the cases of the committed cells.json, key for key', async () => {
    const { CELL_GROUPS, makeCellCase } = await fresh<typeof CellTables>('cells/vectors.ts');
    const rng = new NumpyRandom(2026);
    const drawn = CELL_GROUPS.flatMap((g) => g.specs.map((s) => makeCellCase(rng, g, s)));
    expect(drawn).toHaveLength(stored.length);
    drawn.forEach((c, k) => {
      const { id: _id, ...want } = stored[k].case;
      expect(c, `tc${stored[k].tcId}`).toEqual(want);
      expect(Object.keys(c), `tc${stored[k].tcId}`).toEqual(Object.keys(want));
    });
  });
});

describe('the cells’ suite (a fresh copy of vectors2.ts)', () => {
  it('equals the committed cells.json, with no key the JSON would drop', async () => {
    const { generateCellVectors } = await fresh<typeof Vectors2>('vectors2.ts');
    const suite = generateCellVectors();
    expect(JSON.parse(JSON.stringify(suite))).toEqual(committed);
    suite.testGroups.forEach((g, k) => expect(Object.keys(g), g.name).toEqual(Object.keys(committed.testGroups[k])));
    suite.testGroups.flatMap((g) => g.tests).forEach((t, k) => expect(Object.keys(t.expected), `tc${t.tcId}`).toEqual(Object.keys(stored[k].expected)));
  });
});
