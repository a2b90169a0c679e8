/**
 * The Python harness (harness/python/rnn_oracle_harness.py) on its own: what `rnn-oracle harness
 * python` prints, and how the harness speaks the protocol (docs: /work/design/protocol.md) — the
 * hello line, one JSON line per case, non-finite numbers as strings, one-line errors — driven with
 * tiny adapters written here, without the oracle.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VectorSuite } from '../../src/conformance/vectors.js';
import { runCli } from '../helpers/cli.js';
import { hasNumpy, noNumpyReason } from '../helpers/python.js';

const root = new URL('../../', import.meta.url);
const harnessDir = new URL('harness/python/', root).pathname;
const harnessText = readFileSync(new URL('rnn_oracle_harness.py', new URL('harness/python/', root)), 'utf8');
const suite = JSON.parse(readFileSync(new URL('fixtures/conformance/vectors.json', root), 'utf8')) as VectorSuite;
const dense = suite.testGroups[0].tests[3].case; // tc4: dense and one-hot inputs, nA 3, nX 4, nY 4
const clipped = suite.testGroups[2].tests[1].case; // tc16: a0, clip and lr, nA 5, nX 2, nY 3
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-harness-'));

let adapters = 0;
/**
 * Runs an adapter whose body (after `import rnn_oracle_harness as harness, numpy as np`) is `body`,
 * with `input` on its stdin. Asynchronous, so that the tests below (each a Python start-up) overlap.
 */
function adapter(body: string, input: string, args: string[] = [], env: Record<string, string> = {}) {
  const path = join(dir, `adapter${++adapters}.py`);
  writeFileSync(path, `import numpy as np\nimport rnn_oracle_harness as harness\n${body}\n`);
  const child = spawn('python3', [path, ...args], {
    env: { ...process.env, PYTHONPATH: harnessDir, PYTHONDONTWRITEBYTECODE: '1', RNN_ORACLE_STREAM: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  child.stdin.on('error', () => {}); // a program that exits before reading all of its input
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** An adapter that returns the loss and zero gradients shaped as the layout stores the parameters. */
const ZEROS = `
def fb(case):
    return {"loss": 1.5, "gradients": {k: np.zeros_like(v) for k, v in case.params.items()}}
`;

describe('rnn-oracle harness python', () => {
  it('prints harness/python/rnn_oracle_harness.py byte for byte, exit 0', async () => {
    const { code, stdout } = await runCli(['harness', 'python']);
    expect(code).toBe(0);
    expect(stdout).toBe(harnessText);
  });

  it('refuses a language it has no harness for with one line naming the ones it has, exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['harness', 'fortran']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("rnn-oracle: harness: no harness for 'fortran' (available: python)\n");
  });

  it('uses only the standard library and numpy, and keeps its usage example at the top', () => {
    const imports = [...harnessText.matchAll(/^(?:import|from) (\w+)/gm)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['contextlib', 'copy', 'json', 'math', 'os', 'sys', 'traceback', 'numpy']));
    expect(harnessText.slice(0, 2000)).toContain('harness.run(loss_and_gradients');
  });
});

/**
 * What the harness makes of a case and of what the user's functions return, in one Python process
 * (harness.evaluate_case, the function both modes call): each scenario's result or error message.
 */
const PROBE = `
import json, sys
seen = {}
def zeros(case):
    return {"loss": 1.5, "gradients": {k: np.zeros_like(v) for k, v in case.params.items()}}
def per_step(case):
    hs = {t: np.full((case.nA, 1), t) for t in range(-1, case.T)}
    return dict(zeros(case), a=hs, yHat=np.arange(case.nY * case.T).reshape(case.nY, 1, case.T))
def inputs(case):
    seen["inputs"] = [case.x[:, 0, :].T.tolist(), case.a0.shape, case.params["ba"].shape, [x.shape for x in case.xs]]
    return zeros(case)
def rows(case):
    P = case.params
    seen["rows"] = [case.x.shape, case.a0.shape, P["W_xh"].shape, P["W_hh"].shape, P["W_hy"].shape, P["b_h"].shape, P["b_y"].shape]
    return {"loss": 0, "gradients": {"dW_xh": P["W_xh"], "dW_hh": P["W_hh"], "dW_hy": P["W_hy"], "db_h": P["b_h"], "db_y": P["b_y"], "da0": case.a0}}
def threes(case):
    return {"loss": 0, "gradients": {"d" + k: np.ones_like(v) * 3 for k, v in case.params.items()}}
def clip(g, c):
    for v in g.values(): np.clip(v, -c, c, out=v)
    return g
def update(params, g, lr):
    for k in params: params[k] -= lr * g["d" + k]
def non_finite(case):
    g = {k: np.zeros_like(v) for k, v in case.params.items()}
    g["ba"][:, 0] = [np.nan, np.inf, -np.inf]
    return {"loss": np.inf, "gradients": g}
def transposed(case):
    g = {k: np.zeros_like(v) for k, v in case.params.items()}
    g["Wya"] = g["Wya"].T
    return {"loss": 0, "gradients": g}
dense, clipped = json.load(sys.stdin)
out = {}
for name, doc, fb, kw in [("basic", dense, zeros, {}), ("perStep", dense, per_step, {}),
                          ("inputs", dict(dense, inputs=[None, 2, [0.5, -1, 0, 2]], targets=[0, 1, 2]), inputs, {}),
                          ("rows", clipped, rows, {"layout": "rows"}), ("clipUpdate", clipped, threes, {"clip": clip, "update": update}),
                          ("nonFinite", dense, non_finite, {}), ("transposed", clipped, transposed, {})]:
    try:
        out[name] = json.loads(json.dumps(harness.evaluate_case(doc, fb, **kw), allow_nan=False))
    except Exception as e:
        out[name] = {"error": "%s: %s" % (type(e).__name__, e)}
print(json.dumps({"results": out, "seen": seen}))
`;
const probe = hasNumpy ? adapter(PROBE, JSON.stringify([dense, clipped])).then((r) => JSON.parse(r.stdout)) : undefined;

describe.concurrent(`the harness speaking the protocol ${hasNumpy ? '' : `(SKIPPED: ${noNumpyReason})`}`, () => {
  it.runIf(hasNumpy)('turns what the user returns into a result with the document’s names and shapes', async () => {
    const result = (await probe).results.basic;
    expect(result).toMatchObject({ format: 'rnn-oracle/result@1', loss: 1.5 });
    expect(result.gradients.Wax).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(result.gradients.ba).toEqual([0, 0, 0]);
  });

  it.runIf(hasNumpy)('takes a and yHat per step as a dict keyed by t (hs[-1] left out) or an array (n, 1, T)', async () => {
    const r = (await probe).results.perStep;
    expect(r.a).toEqual([0, 1, 2, 3, 4].map((t) => [t, t, t]));
    expect(r.yHat).toEqual([0, 1, 2, 3, 4].map((t) => [t, 5 + t, 10 + t, 15 + t]));
  });

  it.runIf(hasNumpy)('hands over inputs as the case says: null as zeros, an index one-hot, a dense vector as given, columns n×1', async () => {
    expect((await probe).seen.inputs).toEqual([[[0, 0, 0, 0], [0, 0, 1, 0], [0.5, -1, 0, 2]], [3, 1], [3, 1], [[4, 1], [4, 1], [4, 1]]]);
  });

  it.runIf(hasNumpy)('layout "rows" stores the weights transposed and x batch-first, and transposes gradients back', async () => {
    const { seen, results } = await probe;
    expect(seen.rows).toEqual([[1, 4, 2], [1, 5], [2, 5], [5, 5], [5, 3], [5], [3]]);
    expect(results.rows.gradients.Wax).toEqual(clipped.params.Wax);
    expect(results.rows.gradients.Waa).toEqual(clipped.params.Waa);
    expect(results.rows.gradients.Wya).toEqual(clipped.params.Wya);
    expect(results.rows.gradients.a0).toEqual(clipped.a0);
  });

  it.runIf(hasNumpy)('calls clip and update on copies when the case has clip and lr, and update in place may return None', async () => {
    const r = (await probe).results.clipUpdate;
    expect(r.gradients.by).toEqual([3, 3, 3]);
    expect(r.clipped.by).toEqual([clipped.clip, clipped.clip, clipped.clip]);
    expect(r.updated.by).toEqual((clipped.params.by as number[]).map((b) => b - clipped.lr! * clipped.clip!));
  });

  it.runIf(hasNumpy)('writes NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity", never bare', async () => {
    const r = (await probe).results.nonFinite; // json.dumps(allow_nan=False) above refuses a bare NaN
    expect(r.loss).toBe('Infinity');
    expect(r.gradients.ba).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it.runIf(hasNumpy)('names the gradient and the expected shape when one comes back transposed', async () => {
    expect((await probe).results.transposed).toEqual({ error: "HarnessError: gradients['Wya']: expected shape (3, 5) in layout 'column', got (5, 3)" });
  });

  /** The same adapter streaming, told by --stream and by RNN_ORACLE_STREAM=1; it prints while it works. */
  const streamed = (args: string[], env: Record<string, string>) =>
    adapter(
      `
def fb(case):
    print("debugging", case.T)
    return {"loss": 0, "gradients": {k: np.zeros_like(v) for k, v in case.params.items()}}
harness.run(fb, name="zeros", capabilities={"outputs": ["loss", "gradients"]})`,
      `${JSON.stringify(dense)}\n\n${JSON.stringify(clipped)}\n`,
      args,
      env,
    );
  const byFlag = hasNumpy ? streamed(['--stream'], {}) : undefined;
  const byEnv = hasNumpy ? streamed([], { RNN_ORACLE_STREAM: '1' }) : undefined;

  it.runIf(hasNumpy)('streaming (--stream or RNN_ORACLE_STREAM=1): a hello line first, then one result line per case, exit 0 at end of input', async () => {
    for (const { code, stdout } of await Promise.all([byFlag!, byEnv!])) {
      expect(code).toBe(0);
      const lines = stdout.split('\n');
      expect(lines).toHaveLength(4);
      expect(JSON.parse(lines[0])).toEqual({ format: 'rnn-oracle/hello@1', name: 'zeros', capabilities: { outputs: ['loss', 'gradients'], update: 'none' } });
      expect(JSON.parse(lines[1]).gradients.Wax).toHaveLength(3);
      expect(JSON.parse(lines[2]).gradients.Wax).toHaveLength(5);
      expect(lines[3]).toBe('');
    }
  });

  it.runIf(hasNumpy)('keeps stdout for the protocol: print() in the user’s code goes to stderr', async () => {
    expect((await byFlag!).stderr).toBe('debugging 5\ndebugging 4\n');
  });

  it.runIf(hasNumpy)('--capabilities prints the declared capabilities, with update "none" when no update is registered', async () => {
    const { code, stdout } = await adapter(`${ZEROS}\nharness.run(fb, capabilities={"inputs": ["index"]})`, '', ['--capabilities']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ inputs: ['index'], update: 'none' });
  });

  it.runIf(hasNumpy)('per process, an error in the user’s code is one line on stderr and a non-zero exit', async () => {
    const body = `
def fb(case):
    raise ValueError("shapes (3,4) and (3,1) not aligned")
harness.run(fb)`;
    const { code, stdout, stderr } = await adapter(body, JSON.stringify(dense));
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('rnn_oracle_harness: ValueError: shapes (3,4) and (3,1) not aligned\n');
  });

  it.runIf(hasNumpy)('streaming, an error ends the program after the results so far, its last stderr line naming it', async () => {
    const body = `
def fb(case):
    if case.T == 4: raise RuntimeError("boom")
    return {"loss": 0, "gradients": {k: np.zeros_like(v) for k, v in case.params.items()}}
harness.run(fb)`;
    const { code, stdout, stderr } = await adapter(body, `${JSON.stringify(dense)}\n${JSON.stringify(clipped)}\n${JSON.stringify(dense)}\n`, ['--stream']);
    expect(code).not.toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2); // hello and the first result
    expect(stderr).toContain('Traceback');
    expect(stderr.trim().split('\n').pop()).toBe('rnn_oracle_harness: RuntimeError: boom');
  });
});
