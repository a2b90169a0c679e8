/**
 * docs/conformance.md's "Check your RNN in three steps", done as a user would: the harness printed
 * by the CLI, the page's adapter saved next to the course-template example code, then
 * `conform --stream` — and the output must be what the page shows.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasNumpy, noNumpyReason } from '../helpers/python.js';

const root = new URL('../../', import.meta.url);
const page = readFileSync(new URL('docs/conformance.md', root), 'utf8');
const section = page.slice(page.indexOf('## Check your RNN in three steps'), page.indexOf('## Formats'));

describe(`docs/conformance.md, "Check your RNN in three steps"${hasNumpy ? '' : ` (SKIPPED: ${noNumpyReason})`}`, () => {
  it.runIf(hasNumpy)('works as written: harness, adapter, conform --stream print what the page shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-three-steps-'));
    const harness = await runCli(['harness', 'python']);
    expect(harness.code).toBe(0);
    writeFileSync(join(dir, 'rnn_oracle_harness.py'), harness.stdout);
    copyFileSync(new URL('docs/examples/styles/course_template.py', root), join(dir, 'my_rnn.py'));
    writeFileSync(join(dir, 'my_adapter.py'), /```python\n([\s\S]*?)```/.exec(section)![1]);
    const shown = /```\n\$ npx rnn-oracle conform --stream --command "python3 my_adapter.py --stream"\n([\s\S]*?)```/.exec(section)![1];
    const { code, stdout } = await runCli(['conform', '--stream', '--command', `cd ${dir} && python3 my_adapter.py --stream`]);
    expect(stdout).toBe(shown);
    expect(code).toBe(0);
  });
});
