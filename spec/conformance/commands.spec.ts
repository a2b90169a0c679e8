import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandImplementation, conform } from '../../src/conformance/conform.js';
import { evaluate, toResultJson } from '../../src/conformance/evaluate.js';
import { parseCase } from '../../src/conformance/case.js';
import { jsonSchemas } from '../../src/conformance/schema.js';
import { generateVectors, type VectorSuite } from '../../src/conformance/vectors.js';
import { runCli } from '../helpers/cli.js';
import { hasNumpy, noNumpyReason } from '../helpers/python.js';

const root = new URL('../../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-conformance-'));
const committed = JSON.parse(readFileSync(new URL('fixtures/conformance/vectors.json', root), 'utf8')) as VectorSuite;
const first = committed.testGroups[0].tests[1];
const write = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};

describe('the committed suite (fixtures/conformance/)', () => {
  it('is exactly what `rnn-oracle vectors` generates, schemas included', () => {
    expect(JSON.parse(JSON.stringify(generateVectors()))).toEqual(committed);
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      expect(JSON.parse(readFileSync(new URL(`fixtures/conformance/${name}`, root), 'utf8')), name).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });

  it('covers every flag, with unique tcIds and per-group float64 and float32 tolerances', () => {
    const tests = committed.testGroups.flatMap((g) => g.tests);
    expect(new Set(tests.map((t) => t.tcId)).size).toBe(tests.length);
    expect(new Set(tests.flatMap((t) => t.flags))).toEqual(new Set(Object.keys(committed.flags)));
    for (const g of committed.testGroups) expect(Object.keys(g.tolerance)).toEqual(['float64', 'float32']);
  });
});

describe('rnn-oracle evaluate and check', () => {
  it('evaluate prints the expected result of a suite case', async () => {
    const { code, stdout } = await runCli(['evaluate', write('case.json', first.case)]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(first.expected);
  });

  it('check says every quantity agrees for the oracle’s own result, exit 0', async () => {
    const { code, stdout } = await runCli(['check', write('case.json', first.case), write('same.json', first.expected)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^quantity\s+result\s+max abs err\s+max rel err\s+tolerance \(atol \+ rtol·\|x\|\)\s+condition\s+worst index\s+oracle\s+theirs\n/);
    expect(stdout).toMatch(/\nall quantities agree\n$/);
  });

  it('check names the mismatch, the worst element with both values, and the diagnosis, exit 1; --json gives the same as JSON', async () => {
    const wrong = structuredClone(first.expected) as { gradients: { Wya: number[][] } };
    wrong.gradients.Wya[2][1] = 0.25;
    const args = ['check', write('case.json', first.case), write('wrong.json', wrong)];
    const { code, stdout } = await runCli(args);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\ndWya\s+MISMATCH .*\[2, 1\]\s+\S+\s+ 2\.500000e-1\n/);
    expect(stdout).toContain('diagnosis:\n  - the output-layer gradients disagree: ∂L/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩ (section 3.1) and its sums, eqs. (7), (8), (18), (19)');
    const json = await runCli([...args, '--json']);
    expect(JSON.parse(json.stdout).quantities.find((q: { name: string }) => q.name === 'dWya').worst.index).toEqual([2, 1]);
  });

  it('refuses bad input with one line naming the JSON path, exit 2', async () => {
    let n = 0;
    const bad = (patch: Record<string, unknown>) => write(`bad${++n}.json`, { ...first.case, ...patch });
    const transposedWya = first.case.params.Wya[0].map((_, j) => first.case.params.Wya.map((r) => r[j]));
    const cases: [string[], string][] = [
      [['evaluate', write('broken.json', '{"format":')], 'not JSON'],
      [['evaluate', bad({ targets: undefined })], '$.targets: Invalid input: expected array, received undefined'],
      [['evaluate', bad({ params: { ...first.case.params, Wya: transposedWya } })], '$.params.Wya: must be 4×3, got 3×4 (transposed?)'],
      [['evaluate', write('nan.json', JSON.stringify({ ...first.case, a0: [0, 'NaN', 0] }))], '$.a0[1]: non-finite numbers are not allowed in a case'],
      [['evaluate', bad({ targets: first.case.targets.map(() => 9) })], '$.targets[0]: must be an integer index in [0, 4), got 9'],
      [['evaluate', bad({ inputs: [null, 7, 1, 2, 3, 0] })], '$.inputs[1]: must be an integer index in [0, 4), got 7'],
      [['evaluate', join(dir, 'none.json')], 'none.json: no such file'],
      [['check', write('case.json', first.case), write('notresult.json', { format: 'rnn-oracle/result@1', loss: 'one' })], '$.loss: Invalid input'],
      [['check', write('case.json', first.case), write('garbled.json', '[1,')], 'garbled.json: not JSON'],
      [['evaluate', bad({ inputs: [null, -1, 1, 2, 3, 0] })], '$.inputs[1]: Too small: expected number to be >=0'],
      [['evaluate', bad({ targets: [0, 1] })], '$.targets: must have one entry per input (6), got 2'],
      [['evaluate', bad({ a0: [1, 2] })], '$.a0: must have 3 entries (nA), got 2'],
      [['evaluate', bad({ params: { ...first.case.params, Waa: [[1, 2, 3], [1, 2], [1, 2, 3]] } })], '$.params.Waa[1]: has 2 entries, row 0 has 3'],
      [['conform', '--command', 'true', '--vectors', write('suite.json', '{')], 'suite.json: not JSON'],
      [['conform', '--command', 'true', '--vectors', join(dir, 'nosuite.json')], 'nosuite.json: no such file'],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await runCli(argv);
      expect(code, message).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n'), message).toHaveLength(1);
      expect(stderr, message).toContain(message);
    }
  });

  it('check --precision float32 uses the looser float32 tolerances', async () => {
    const nudged = structuredClone(first.expected) as { loss: number };
    nudged.loss *= 1 + 1e-6;
    const args = ['check', write('case.json', first.case), write('nudged.json', nudged)];
    expect((await runCli(args)).code).toBe(1);
    expect((await runCli([...args, '--precision', 'float32'])).code).toBe(0);
  });

  it('vectors --out writes the suite and both schemas', async () => {
    const out = join(dir, 'suite');
    const { code, stdout } = await runCli(['vectors', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${committed.numberOfTests} tests in ${committed.testGroups.length} groups`);
    expect(JSON.parse(readFileSync(join(out, 'vectors.json'), 'utf8'))).toEqual(committed);
  });
});

describe('rnn-oracle case, conform --keep, and files that are not what they should be', () => {
  it('case prints one test’s case, which evaluate and check then accept', async () => {
    const { code, stdout } = await runCli(['case', '2']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(first.case);
    const checked = await runCli(['check', write('printed-case.json', stdout), write('same.json', first.expected)]);
    expect(checked.code).toBe(0);
    const none = await runCli(['case', '999']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no test with tcId 999/);
  });

  it('conform --keep writes each test’s case, their stdout as received and their stderr', async () => {
    const keep = join(dir, 'kept');
    const one = write('one-suite.json', { ...committed, testGroups: [{ ...committed.testGroups[0], tests: [first] }] });
    const program = `echo "to stderr" >&2; printf '%s' '${JSON.stringify(first.expected)}'`;
    const { code } = await runCli(['conform', '--vectors', one, '--keep', keep, '--command', program]);
    expect(code).toBe(0);
    expect(readdirSync(keep).sort()).toEqual(['tc2.case.json', 'tc2.result.json', 'tc2.stderr.txt']);
    expect(JSON.parse(readFileSync(join(keep, 'tc2.case.json'), 'utf8'))).toEqual(first.case);
    expect(readFileSync(join(keep, 'tc2.result.json'), 'utf8')).toBe(JSON.stringify(first.expected));
    expect(readFileSync(join(keep, 'tc2.stderr.txt'), 'utf8')).toBe('to stderr\n');
  });

  it('refuses, in one line with exit 2 and nothing overwritten: a --keep or --out that is a file, a suite file that is not a suite, an --out it cannot write into', async () => {
    const file = write('a-file.txt', 'keep me');
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly, { recursive: true });
    chmodSync(readOnly, 0o555);
    // root writes through permission bits; /proc/self is a directory nobody can create files in
    const unwritable = process.getuid?.() === 0 ? '/proc/self' : readOnly;
    const cases: [string[], RegExp][] = [
      [['conform', '--command', 'true', '--keep', file], /--keep .*a-file\.txt: exists and is not a directory/],
      [['vectors', '--out', file], /--out .*a-file\.txt: exists and is not a directory/],
      [['vectors', '--out', unwritable], /--out .*: cannot write vectors\.json/],
      [['conform', '--command', 'true', '--vectors', new URL('fixtures/conformance/case.schema.json', root).pathname], /case\.schema\.json: \$\.format: .*not an rnn-oracle\/vectors@1 suite/],
      [['conform', '--command', 'true', '--vectors', write('badcase-suite.json', { ...committed, testGroups: [{ ...committed.testGroups[0], tests: [{ ...first, case: { ...first.case, targets: [9] } }] }] })], /badcase-suite\.json: \$\.testGroups\[0\]\.tests\[0\]\.case\.targets: must have one entry per input/],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await runCli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(message);
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(existsSync(join(readOnly, 'vectors.json'))).toBe(false);
  });
});

describe('conform — the suite against another implementation', () => {
  it('passes the reference itself given as a TypeScript function', async () => {
    const report = await conform(committed, (c) => toResultJson(evaluate(parseCase(c))));
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(committed.numberOfTests);
  });

  it('reports a crash, a timeout and an invalid result per test instead of failing itself', async () => {
    const one = { ...committed, testGroups: [{ ...committed.testGroups[0], tests: [first] }] };
    const crash = await conform(one, commandImplementation(`"${process.execPath}" -e "console.error('boom'); process.exit(3)"`));
    expect(crash.rows[0]).toMatchObject({ outcome: 'CRASH', details: ['exit code 3: boom'] });
    const slow = await conform(one, commandImplementation(`"${process.execPath}" -e "setTimeout(() => {}, 5000)"`, 300));
    expect(slow.rows[0]).toMatchObject({ outcome: 'TIMEOUT', details: ['no result within 300 ms'] });
    const garbage = await conform(one, commandImplementation(`"${process.execPath}" -e "console.log('hello')"`));
    expect(garbage.rows[0]).toMatchObject({ outcome: 'CRASH' });
    expect(garbage.rows[0].details[0]).toMatch(/^stdout is not JSON/);
    const thrown = await conform(one, () => {
      throw new Error('their adapter broke');
    });
    expect(thrown.rows[0]).toMatchObject({ outcome: 'CRASH', details: ['their adapter broke'] });
    const invalid = await conform(one, () => ({ format: 'rnn-oracle/result@1', loss: [1] }));
    expect(invalid.rows[0].outcome).toBe('INVALID');
    expect(invalid.rows[0].details[0]).toMatch(/^result \$\.loss: /);
  });
});

const python = (script: string) => `python3 ${join(new URL(root).pathname, 'docs/examples', script)}`;

describe(`the numpy examples in docs/examples/ ${hasNumpy ? '' : `(SKIPPED: ${noNumpyReason})`}`, () => {
  it.runIf(hasNumpy)('numpy_rnn.py passes the whole suite through one streaming process, and a group of it per process (to save python starts)', async () => {
    const streamed = await runCli(['conform', '--stream', '--command', `${python('numpy_rnn.py')} --stream`]);
    expect(streamed.stdout).toContain(`\n${committed.numberOfTests} pass, 0 skipped, 0 fail (float64 tolerances)\n`);
    expect(streamed.code).toBe(0);
    const group = write('group1.json', { ...committed, testGroups: committed.testGroups.slice(1, 2) });
    const perProcess = await runCli(['conform', '--vectors', group, '--command', python('numpy_rnn.py')]);
    expect(perProcess.stdout).toContain(`\n${committed.testGroups[1].tests.length} pass, 0 skipped, 0 fail (float64 tolerances)\n`);
    expect(perProcess.code).toBe(0);
  });

  it.runIf(hasNumpy)('numpy_rnn_broken.py fails with the diagnosis docs/conformance.md shows verbatim', async () => {
    const { code, stdout } = await runCli(['conform', '--command', python('numpy_rnn_broken.py')]);
    expect(code).toBe(1);
    expect(stdout).toContain('your dWax, dWaa and dba are what you get when the tanh derivative is dropped from the recurrence');
    const docs = readFileSync(new URL('docs/conformance.md', root), 'utf8');
    const shown = /```\n\$ npx rnn-oracle conform --command "python3 docs\/examples\/numpy_rnn_broken.py"\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(shown).toBe(stdout);
  });

  it.runIf(hasNumpy)('the check and --capabilities outputs docs/conformance.md shows are what the commands print', async () => {
    const docs = readFileSync(new URL('docs/conformance.md', root), 'utf8');
    const caseText = (await runCli(['case', '2'])).stdout;
    const theirs = spawnSync('python3', [new URL('docs/examples/numpy_rnn_broken.py', root).pathname], { input: caseText, encoding: 'utf8' }).stdout;
    const checked = await runCli(['check', write('doc-case.json', caseText), write('doc-theirs.json', theirs)]);
    expect(/```\n\$ npx rnn-oracle check case.json theirs.json\n([\s\S]*?)```/.exec(docs)?.[1]).toBe(checked.stdout);
    const shown = /```\n\$ npx rnn-oracle conform --stream --capabilities '(.*?)' --command "python3 docs\/examples\/numpy_rnn.py --stream"\n([\s\S]*?)```/.exec(docs)!;
    const streamed = await runCli(['conform', '--stream', '--capabilities', shown[1], '--command', `${python('numpy_rnn.py')} --stream`]);
    for (const line of shown[2].split('\n').filter((l) => l && l !== '...')) expect(streamed.stdout.split('\n')).toContain(line);
  });
});
