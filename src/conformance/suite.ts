/**
 * Reading a conformance suite (rnn-oracle/vectors@1) from a file someone gave us: its shape checked
 * with zod and every case with parseCase, so a wrong file is one line naming the JSON path.
 */
import { MAX_TESTS } from './limits.js';
import { z } from 'zod';
import { parseAnyCase } from './any-case.js';
import { ConformanceInputError } from './case.js';
import { issueLine } from './schema.js';
import { VECTORS_FORMAT, type VectorSuite } from './vectors.js';
import { VECTORS_FORMAT_2 } from './vectors2.js';

const tolerance = z.object({ rtol: z.number().nonnegative(), atol: z.number().nonnegative() });

/** A test's stored per-quantity tolerances for one precision (vectors.ts writes them). */
const quantityTolerances = (precision: 'float64' | 'float32') =>
  z.object({
    precision: z.literal(precision),
    quantities: z.record(z.string(), z.object({ rtol: z.number().nonnegative(), atol: z.number().nonnegative(), condition: z.number(), illConditioned: z.literal(true).optional() })),
  });

export const suiteSchema = z.looseObject({
  format: z.enum([VECTORS_FORMAT, VECTORS_FORMAT_2]),
  testGroups: z
    .array(
      z.looseObject({
        tolerance: z.object({ float64: tolerance, float32: tolerance }).optional().describe('vectors@1 only'),
        tests: z.array(
          z.looseObject({
            tcId: z.number().int(),
            comment: z.string(),
            flags: z.array(z.string()),
            case: z.unknown(),
            tolerances: z.object({ float64: quantityTolerances('float64'), float32: quantityTolerances('float32') }).optional(),
          }),
        ),
      }),
    )
    .refine((groups) => groups.some((g) => g.tests.length > 0), 'the suite has no tests: nothing would be checked'),
});

/** A suite (vectors@1, or the cells' vectors@2) from JSON text; `source` (the file) starts every error. */
export function parseSuite(text: string, source: string): VectorSuite {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConformanceInputError(`${source}: not JSON (${(error as Error).message})`);
  }
  const parsed = suiteSchema.safeParse(raw);
  if (!parsed.success) throw new ConformanceInputError(`${source}: ${issueLine(parsed.error.issues[0])} (not an ${VECTORS_FORMAT} suite, nor @2)`);
  const ids = parsed.data.testGroups.flatMap((g) => g.tests.map((t) => t.tcId));
  if (ids.length > MAX_TESTS) throw new ConformanceInputError(`${source}: ${ids.length} tests is more than this kit handles (${MAX_TESTS})`);
  const repeated = ids.find((id, k) => ids.indexOf(id) !== k);
  if (repeated !== undefined) throw new ConformanceInputError(`${source}: tcId ${repeated} appears twice (not an ${VECTORS_FORMAT} suite, nor @2)`);
  parsed.data.testGroups.forEach((g, i) =>
    g.tests.forEach((t, j) => {
      try {
        parseAnyCase(t.case, source);
      } catch (error) {
        const where = `$.testGroups[${i}].tests[${j}].case`;
        throw new ConformanceInputError((error as Error).message.replace(`${source}: $`, `${source}: ${where}`));
      }
    }),
  );
  return parsed.data as unknown as VectorSuite;
}

/** The test with this tcId, or an error listing the range there is. */
export function findTest(suite: VectorSuite, tcId: number, source: string): VectorSuite['testGroups'][number]['tests'][number] {
  const tests = suite.testGroups.flatMap((g) => g.tests);
  const t = tests.find((x) => x.tcId === tcId);
  if (!t) throw new ConformanceInputError(`${source}: no test with tcId ${tcId} (there are ${tests.map((x) => x.tcId).join(', ')})`);
  return t;
}
