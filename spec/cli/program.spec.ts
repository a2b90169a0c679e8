import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/cli/io.js';
import { ERROR_PREFIX, INTERNAL_ERROR, run, VERSION } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The subcommands, read from the top-level help so that a new command is covered without editing this list. */
async function subcommands(): Promise<string[]> {
  const { stdout } = await runCli(['--help']);
  const section = stdout.split('Commands:\n')[1];
  return [...section.matchAll(/^ {2}([\w-]+)/gm)].map((m) => m[1]).filter((name) => name !== 'help');
}

/**
 * Options whose description repeats the default that commander already prints. They live in files
 * other helpers own and are being fixed there; remove an entry when its file is fixed.
 */
const KNOWN_DUPLICATED_DEFAULTS = new Set<string>([]);

describe('rnn-oracle --version', () => {
  it("prints package.json's version and exits 0", async () => {
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await runCli([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${pkg.version}\n`);
      expect(stderr).toBe('');
    }
    expect(VERSION).toBe(pkg.version);
  });
});

describe('one error prefix for every user error', () => {
  it('writes commander’s own errors and ours as one "rnn-oracle: " line, exit 2', async () => {
    const cases: [string[], string][] = [
      [['gradcheck', '--bogus'], "unknown option '--bogus'"],
      [['bogus'], "unknown command 'bogus'"],
      [['sample'], "required option '--model <PATH>' not specified"],
      [['gradcheck', '--steps', '0'], "option '--steps <T>' argument '0' is invalid."],
      [['gradcheck', '--hidden'], "option '--hidden <N>' argument missing"],
      [['evaluate'], "missing required argument 'case.json'"],
      [['sample', '--model', '/nonexistent/model.json'], '/nonexistent/model.json'],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await runCli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout, argv.join(' ')).toBe('');
      expect(stderr.endsWith('\n') && stderr.trim().split('\n').length, argv.join(' ')).toBe(1);
      expect(stderr.startsWith(ERROR_PREFIX), stderr).toBe(true);
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(/^error:/m);
    }
  });
});

describe('errors are one line', () => {
  it('escapes control characters that a message quotes from the input (a JSON parser’s excerpt of a binary file)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rnn-oracle-one-line-')), 'case.json');
    writeFileSync(path, '\n\u0000{');
    const { code, stderr } = await runCli(['evaluate', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^rnn-oracle: [^\n]*\n$/);
  });

  it('writes newline, tab and other control characters as escapes', () => {
    expect(oneLine('a\nb\tc\u0000d\u007f')).toBe('a\\nb\\tc\\u0000d\\u007f');
  });
});

describe('help text', () => {
  it('lists every command, each with its own help that exits 0', async () => {
    const names = await subcommands();
    expect(names).toEqual(expect.arrayContaining(['gradcheck', 'train', 'sample', 'evaluate', 'check', 'vectors', 'conform']));
    for (const name of names) {
      const { code, stdout } = await runCli([name, '--help']);
      expect(code, name).toBe(0);
      expect(stdout, name).toContain(`Usage: rnn-oracle ${name}`);
    }
  });

  it('never states an option’s default twice (commander prints "(default: …)" itself)', async () => {
    for (const name of await subcommands()) {
      const { stdout } = await runCli([name, '--help']);
      // One option per entry: a line starting with "  -" begins it, indented lines continue it.
      const entries = stdout.split('Options:\n')[1]?.split(/\n(?= {2}-)/) ?? [];
      for (const entry of entries) {
        const flag = /--[\w-]+/.exec(entry)?.[0];
        if (KNOWN_DUPLICATED_DEFAULTS.has(`${name} ${flag}`)) continue;
        const mentions = entry.match(/\(default\b/g)?.length ?? 0;
        expect(mentions, `${name} ${flag}: ${entry.replace(/\s+/g, ' ')}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('internal errors', () => {
  it('are one line that says they are a bug, exit 70, not a stack trace and not blamed on the input', async () => {
    let stderr = '';
    const io = { out: () => { throw new TypeError('cannot write'); }, err: (t: string) => void (stderr += t), errIsTTY: false };
    const code = await run(['--version'], io);
    expect(code).toBe(INTERNAL_ERROR);
    expect(stderr).toMatch(/^rnn-oracle: internal error, a bug in rnn-oracle rather than in your input: cannot write \(RNN_ORACLE_DEBUG=1 shows the stack\)\n$/);
  });
});
