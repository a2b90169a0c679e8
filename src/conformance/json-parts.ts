/** The pieces both versions of the formats are built from (schema.ts, schema2.ts), zod definitions. */
import { z } from 'zod';

export const finite = z.number().describe('a finite number');
export const anyNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).describe('a number, or "NaN", "Infinity", "-Infinity"');
export const matrixOf = <T extends z.ZodType>(n: T) => z.array(z.array(n)).describe('nested rows');
export const vectorOf = <T extends z.ZodType>(n: T) => z.union([z.array(n), z.array(z.tuple([n]))]).describe('flat, or n×1 nested');
