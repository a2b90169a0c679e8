/** SATURATED_A0 (saturated-a0.json, a case in the conformance format): the model of issue #9. */
import { readFileSync } from 'node:fs';
import { parseCase } from '../../src/conformance/case.js';
import type { Problem } from '../../src/gradcheck/problem.js';
import { lazy } from '../helpers/lazy.js';

/** Parsed on first use, inside a test (see spec/helpers/lazy.ts). */
export const SATURATED_A0: () => Problem = lazy(() => parseCase(readFileSync(new URL('./saturated-a0.json', import.meta.url), 'utf8')).problem);
