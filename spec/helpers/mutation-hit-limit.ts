/**
 * Stryker's hit limit, applied per test (mutation runs only; spec/helpers/mutation-setup.ts installs it).
 *
 * Stryker stops a mutant's run when the mutated code has been reached more than 100 times as often
 * as all its covering tests reached it in the dry run, and counts it as timed out ("Hit limit
 * reached"). A mutant that loops forever (`i++` → `i--` over a typed array) does so in the first
 * test that reaches it, so in a loop that 80 tests reach, that test spins for 100 × the hits of all
 * 80 before the limit trips; in practice Stryker's clock (1.5 × the tests' time + 5 s) stops it
 * first, kills the worker process and starts another: 15–17 s per such mutant, measured.
 *
 * Here each test gets the allowance on its own: 100 × the most hits any one test made in the dry
 * run. The dry run writes that maximum per mutant into the sandbox; in a mutant's run, each test
 * starts with the limit at (hits so far + allowance), never above Stryker's own. A test that passes
 * it fails at once on Stryker's "Hit count limit reached" error, and the file's hit count is then
 * reported above Stryker's limit, so Stryker classes the mutant as it would have: Timeout, "Hit
 * limit reached". Nothing else about a mutant's verdict changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';

/** Stryker's own factor (HIT_LIMIT_FACTOR in @stryker-mutator/core's mutant-test-planner). */
export const HIT_LIMIT_FACTOR = 100;
/** Where the dry run leaves the most hits of one test, per mutant id: the sandbox, which every worker shares. */
export const MOST_HITS_FILE = join(process.cwd(), '.stryker-most-hits-per-test.json');

interface StrykerNamespace {
  activeMutant?: string;
  hitCount?: number;
  hitLimit?: number;
  mutantCoverage?: { perTest: Record<string, Record<string, number>> };
  mostHits?: Record<string, number>;
  mostHitsRead?: Record<string, number>;
}

/** Dry run: after each spec file, fold its tests' hits into the per-mutant maximum and write it out. */
function recordMostHits(ns: StrykerNamespace): void {
  afterAll(() => {
    const file = expect.getState().testPath;
    const most = (ns.mostHits ??= {});
    for (const [testId, hits] of Object.entries(ns.mutantCoverage?.perTest ?? {})) {
      if (!testId.startsWith(`${file}#`)) continue;
      for (const [id, n] of Object.entries(hits)) most[id] = Math.max(most[id] ?? 0, n);
    }
    writeFileSync(MOST_HITS_FILE, JSON.stringify(most));
  });
}

/** Mutant run: a limit per test, and a tripped limit reported the way Stryker reports its own. */
function limitEachTest(ns: StrykerNamespace, strykerLimit: number | undefined): void {
  if (strykerLimit === undefined || !existsSync(MOST_HITS_FILE)) return;
  // read once per worker thread: the dry run has written it before any mutant's run
  const most = (ns.mostHitsRead ??= JSON.parse(readFileSync(MOST_HITS_FILE, 'utf8')) as Record<string, number>);
  let limit = Infinity;
  let tripped = false;
  beforeEach(() => {
    const hits = most[ns.activeMutant ?? ''];
    if (hits === undefined) return;
    limit = Math.min(strykerLimit, (ns.hitCount ?? 0) + HIT_LIMIT_FACTOR * hits);
    ns.hitLimit = limit;
  });
  afterEach(() => {
    tripped ||= (ns.hitCount ?? 0) > limit;
  });
  // Runs before Stryker's own afterAll (vitest runs after-hooks in reverse order), which reports hitCount.
  afterAll(() => {
    if (tripped) ns.hitCount = strykerLimit + 1;
  });
}

/** Installs the dry run's recording or the mutant run's limit, by Stryker's mode. */
export function hitLimitPerTest(mode: unknown, strykerLimit: unknown): void {
  const ns = ((globalThis as { __stryker__?: StrykerNamespace }).__stryker__ ??= {});
  if (mode === 'dry-run') recordMostHits(ns);
  else if (mode === 'mutant') limitEachTest(ns, typeof strykerLimit === 'number' ? strykerLimit : undefined);
}
