/**
 * The cells' conformance suite, rnn-oracle/vectors@2 (fixtures/conformance/cells.json): the groups
 * of cells/vectors.ts, each test with its case@2, the expected result@2 and per-quantity float64 and
 * float32 tolerances — for the gated and stacked cells from cells/expected.ts (40-digit BigNumbers,
 * the conditioning study), for the one-layer rnn from exact.ts and conditioning.ts, as in vectors@1.
 * Deterministic: the same code always writes the same suite; `rnn-oracle vectors --out DIR` writes it.
 */
import { NumpyRandom } from '../random/numpy.js';
import { isCellCase, parseAnyCase, toAnyResultJson, toCellResultJson } from './any-case.js';
import { cellExpected } from './cells/evaluate.js';
import { cellConditioning } from './cells/expected.js';
import { modelName, type CellVariant } from './cells/model.js';
import { CELL_FLAGS, CELL_GROUPS, makeCellCase } from './cells/vectors.js';
import type { QuantityTolerances } from './compare.js';
import { conditioning, type Precision, type QuantityConditioning } from './conditioning.js';
import { evaluateExact } from './exact.js';
import type { CaseJson2, CellKind } from './schema2.js';

export const VECTORS_FORMAT_2 = 'rnn-oracle/vectors@2';

export interface CellVectorTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly case: CaseJson2;
  readonly expected: Record<string, unknown>;
  readonly tolerances: Readonly<Record<Precision, QuantityTolerances>>;
}

export interface CellVectorGroup {
  /** "lstm (split)", "rnn, 2 layers", …. */
  readonly name: string;
  readonly cell: CellKind;
  readonly layers: number;
  readonly variant?: CellVariant;
  readonly shapes: { readonly sizes: readonly number[]; readonly nY: number };
  readonly tests: readonly CellVectorTest[];
}

export interface CellVectorSuite {
  readonly format: typeof VECTORS_FORMAT_2;
  readonly generatedBy: string;
  readonly numberOfTests: number;
  readonly flags: typeof CELL_FLAGS;
  readonly testGroups: readonly CellVectorGroup[];
}

const GENERATED_BY = 'rnn-oracle vectors --out fixtures/conformance';
let generated: CellVectorSuite | undefined;

/** The cells' suite, from numpy-compatible seed 2026 (computed once per process). */
export function generateCellVectors(): CellVectorSuite {
  generated ??= generate();
  return generated;
}

function generate(): CellVectorSuite {
  const rng = new NumpyRandom(2026);
  let tcId = 1000;
  const testGroups = CELL_GROUPS.map((g): CellVectorGroup => {
    const tests = g.specs.map((s): CellVectorTest => {
      const id = ++tcId;
      const json = { ...makeCellCase(rng, g, s), id: `tc${id}` };
      const c = parseAnyCase(json);
      let expected: Record<string, unknown>;
      let study: (p: Precision) => Map<string, QuantityConditioning>;
      if (isCellCase(c)) {
        const exact = cellExpected(c);
        expected = toCellResultJson(c, exact);
        study = (p) => cellConditioning(c, p, {}, exact);
      } else {
        const exact = evaluateExact(c);
        expected = toAnyResultJson(c, exact);
        study = (p) => conditioning(c, p, {}, exact);
      }
      const tolerances = (precision: Precision): QuantityTolerances => ({
        precision,
        quantities: Object.fromEntries([...study(precision)].map(([name, q]) => [name, q.tolerance])),
      });
      return { tcId: id, comment: s.comment, flags: s.flags, case: json, expected, tolerances: { float64: tolerances('float64'), float32: tolerances('float32') } };
    });
    return { name: modelName(g), cell: g.cell, layers: g.layers, ...(g.variant !== undefined ? { variant: g.variant } : {}), shapes: { sizes: g.sizes, nY: g.nY }, tests };
  });
  return { format: VECTORS_FORMAT_2, generatedBy: GENERATED_BY, numberOfTests: tcId - 1000, flags: CELL_FLAGS, testGroups };
}
