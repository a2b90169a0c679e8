import { statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, ThreadsPoolWorker, type TestSpecification } from 'vitest/node';

/**
 * The specs StrykerJS runs for `npm run mutation`: the in-process specs of the folders it mutates
 * (src/reference, src/gradcheck, src/engine, src/conformance, and src/random which they use). Left
 * out: golden replays, training, the CLI, fuzz and docs specs, which are slow and reach the same code
 * through other layers; the conformance specs that only run python (cells-python) or the packed
 * package (package); and, by RNN_ORACLE_NO_PYTHON, the python-backed tests of the rest (each would
 * start python for every mutant it covers; they say "skipped: RNN_ORACLE_NO_PYTHON is set").
 *
 * mathjs is loaded from its one-file bundle (lib/browser/math.js, the same 15.x release) instead of
 * its 1,262 ES modules: Stryker's vitest runner starts a fresh worker thread for every mutant, so
 * every mutant re-imports mathjs, and the bundle loads in 0.26–1.2 s where the modules took 6–7.5 s
 * (load average 19 on 2 cores). The specs pass on it alike (at 2d4bd27: 162 passed, 1 expected
 * fail, 3 skipped, as on the modules).
 */
const mathjsBundle = fileURLToPath(new URL('./node_modules/mathjs/lib/browser/math.js', import.meta.url));

/** The folder being mutated (scripts/mutation.sh sets the pass, e.g. "conformance-loops"); its own specs are the focused ones. */
const folder = process.env.MUTATE_FOLDER?.split('-')[0];

/**
 * Focused, fast specs first. Stryker stops a mutant's run at its first failing test (bail), and
 * vitest's own order runs the longest files first, so a mutant the folder's own quick specs kill
 * used to wait for the slow cross-layer ones. Order: the mutated folder's specs, then the rest; in
 * each, by the last measured duration (vitest's cache), else by size, shortest first.
 */
class FocusedFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const durations = files.map((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(root, f.moduleId)}`)?.duration);
    const costs = new Map(files.map((f, i) => [f, durations.every((d) => d !== undefined) ? durations[i]! : statSync(f.moduleId).size]));
    const focused = (f: TestSpecification) => (folder && relative(root, f.moduleId).startsWith(`spec/${folder}/`) ? 0 : 1);
    return [...files].sort((a, b) => focused(a) - focused(b) || costs.get(a)! - costs.get(b)!);
  }
}

/**
 * Stryker's instrumented code counts, at every expression it reaches, which mutants each test
 * covers (`stryCov_9fa48`, a string-keyed increment). Stryker reads those counts after the dry run
 * only; in a mutant's run it reads the hit count of the active mutant, which `stryMutAct_9fa48`
 * keeps. In hot loops the counting is most of the cost: spec/conformance/exact.spec.ts and
 * conditioning.spec.ts with the conformance loops instrumented ran their tests in 22 s, and in 7 s with
 * the counting skipped (2 runs each; 2 s uninstrumented). This plugin makes the counter return at
 * once when spec/helpers/mutation-setup.ts has set `countsOff` (in a mutant's run only, never in
 * the dry run). It fails the transform if Stryker's preamble no longer has the shape it edits.
 * STRYKER_COUNTS=on leaves the counting on, to measure what it costs.
 */
const COVER_FUNCTION = 'function cover() {';
const skipCountsInMutantRuns: Plugin = {
  name: 'rnn-oracle:skip-stryker-counts-in-mutant-runs',
  enforce: 'pre',
  transform(code, id) {
    if (!code.includes('function stryCov_9fa48()')) return null;
    if (code.split(COVER_FUNCTION).length !== 2) throw new Error(`${id}: Stryker's coverage preamble has changed; see vitest.mutation.config.ts`);
    return { code: code.replace(COVER_FUNCTION, `${COVER_FUNCTION} if (ns.countsOff) return;`), map: null };
  },
};

/** Specs that drive the kit through the CLI and child processes (seconds each): run for src/conformance only. */
const throughProcesses = ['spec/conformance/stream.spec.ts', 'spec/conformance/supervisor.spec.ts', 'spec/conformance/commands.spec.ts'];

/**
 * One worker thread for a Stryker worker's series of mutant runs. Stryker's vitest runner calls
 * vitest's start() once per mutant, and vitest stops its worker thread at the end of every start(),
 * so every mutant paid for a new thread: vitest's worker runtime and every dependency outside src/
 * and spec/ imported again (mathjs's bundle alone takes 0.26–1.2 s). Here the thread is kept for the
 * next run: its "stop" is answered for it and the thread handed to the next start(), which sends
 * it the run's config (Stryker's test filter included) as to a new one. The worker keeps the
 * modules it has evaluated between runs, so spec/helpers/mutation-setup.ts drops them when a new
 * mutant's run begins: src/ and spec/ are evaluated afresh for every mutant, as in a new thread,
 * and static mutants still run at load time. Every KEPT_RUNS runs the thread is really stopped,
 * which bounds what runs may leak, and so is the thread of a run that included a spec starting
 * child processes, whose late events could otherwise reach the next mutant's run. STRYKER_FRESH_WORKER=on gives every run a new thread again.
 */
const KEPT_RUNS = 100;
interface ThreadsWorker {
  _thread?: Worker;
  stdout: NodeJS.WritableStream & { setMaxListeners(n: number): void; getMaxListeners(): number };
  stderr: ThreadsWorker['stdout'];
  runs?: number;
  keep?: boolean;
  spawns?: boolean;
  listeners?: [string, (...args: unknown[]) => void][];
}
let kept: { thread: Worker; runs: number } | undefined;
function keepThreadsAcrossRuns(): void {
  const proto = ThreadsPoolWorker.prototype as unknown as Record<'start' | 'stop' | 'send' | 'on', (this: ThreadsWorker, ...a: never[]) => unknown>;
  const { start, stop, send, on } = proto;
  proto.start = function (this: ThreadsWorker) {
    if (!this._thread && kept) {
      this._thread = kept.thread.ref() ?? kept.thread;
      this.runs = kept.runs;
      kept = undefined;
    }
    this.listeners = [];
    return start.call(this);
  };
  proto.on = function (this: ThreadsWorker, event: string, cb: (...args: unknown[]) => void) {
    this.listeners?.push([event, cb]);
    return (on as (this: ThreadsWorker, e: string, c: typeof cb) => unknown).call(this, event, cb);
  };
  proto.send = function (this: ThreadsWorker, message: { type?: string; context?: { files?: { filepath: string }[] } }) {
    // a run of the specs that start child processes may leave their events behind: its thread goes
    if (message?.type === 'run') this.spawns = message.context?.files?.some((f) => throughProcesses.some((p) => f.filepath.endsWith(p)));
    if (message?.type !== 'stop' || this.spawns || (this.runs ?? 0) + 1 >= KEPT_RUNS) return (send as (this: ThreadsWorker, m: unknown) => unknown).call(this, message);
    this.keep = true;
    const thread = this._thread!;
    queueMicrotask(() => thread.emit('message', { type: 'stopped', __vitest_worker_response__: true }));
  };
  proto.stop = async function (this: ThreadsWorker) {
    if (!this.keep) return stop.call(this);
    const thread = this._thread!;
    for (const [event, cb] of this.listeners ?? []) thread.off(event, cb);
    for (const [from, to] of [[thread.stdout, this.stdout], [thread.stderr, this.stderr]] as const) {
      from.unpipe(to);
      to.setMaxListeners(to.getMaxListeners() - 1);
    }
    kept = { thread, runs: (this.runs ?? 0) + 1 };
    thread.unref(); // a kept thread must not hold the process open
    this._thread = undefined;
    this.keep = false;
  };
}
const keepThreads = process.env.STRYKER_FRESH_WORKER !== 'on';
if (keepThreads) keepThreadsAcrossRuns();
/** Stops the kept thread when vitest closes (Stryker disposing of its runner). */
const stopKeptThread: Plugin = {
  name: 'rnn-oracle:stop-the-kept-thread',
  configureVitest({ vitest }) {
    vitest.onClose(async () => {
      await kept?.thread.terminate();
      kept = undefined;
    });
  },
};


export default defineConfig({
  plugins: [...(process.env.STRYKER_COUNTS === 'on' ? [] : [skipCountsInMutantRuns]), ...(keepThreads ? [stopKeptThread] : [])],
  resolve: { alias: [{ find: /^mathjs$/, replacement: mathjsBundle }] },
  test: {
    include: ['spec/reference/**/*.spec.ts', 'spec/gradcheck/**/*.spec.ts', 'spec/engine/**/*.spec.ts', 'spec/random/**/*.spec.ts', 'spec/conformance/**/*.spec.ts'],
    exclude: ['spec/conformance/cells-python.spec.ts', 'spec/conformance/package.spec.ts', ...(folder && folder !== 'conformance' ? throughProcesses : [])],
    sequence: { sequencer: FocusedFirst },
    setupFiles: ['spec/helpers/mutation-setup.ts'],
    env: { RNN_ORACLE_NO_PYTHON: '1' },
    testTimeout: 60_000,
    isolate: false,
  },
});
