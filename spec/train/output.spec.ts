import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput, DEFAULT_CHECKPOINT, divergedPath, freeCheckpointPath, removeTemporaryFiles, temporaryPath, writeAtomically } from '../../src/train/output.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'rnn-oracle-out-'));
/** A process id that is not running: above Linux's largest (pid_max ≤ 2^22). */
const DEAD_PID = 2 ** 22 + 1;

describe('checkOutput — before any training', () => {
  it('refuses a directory, or a path ending in a separator, suggesting a file path', () => {
    const dir = fresh();
    expect(() => checkOutput(dir, false)).toThrow(`--out ${dir}: is a directory; give a file path such as ${join(dir, 'model.json')}`);
    expect(() => checkOutput(join(dir, 'newdir/'), false)).toThrow(/newdir\/: is a directory/);
  });

  it('refuses a missing directory, a file used as a directory and a directory it cannot write in', () => {
    const dir = fresh();
    expect(() => checkOutput(join(dir, 'none', 'm.json'), false)).toThrow(/: directory .*none does not exist$/);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => checkOutput(join(dir, 'file', 'm.json'), false)).toThrow(/file is not a directory$/);
    // Tests run as root here, so permissions do not stop a write; /proc refuses new files even to root.
    expect(() => checkOutput('/proc/rnn-oracle-model.json', false)).toThrow(/^--out \/proc\/rnn-oracle-model\.json: cannot write in \/proc \(E[A-Z]+\)$/);
  });

  it('refuses to replace a file that is not a model unless forced, and replaces a model', () => {
    const dir = fresh();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'keep me');
    expect(() => checkOutput(notes, false)).toThrow(`--out ${notes}: exists and is not an rnn-oracle model; refusing to replace it (--force replaces it)`);
    expect(checkOutput(notes, true)).toEqual({ exists: true });
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ format: 'rnn-oracle/model@1' }));
    expect(checkOutput(join(dir, 'm.json'), false)).toEqual({ exists: true });
    expect(checkOutput(join(dir, 'new.json'), false)).toEqual({ exists: false });
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'notes.txt']); // the probe left nothing
  });

  it('removes temporary files left by a killed process, and not those of a running one', () => {
    const dir = fresh();
    const out = join(dir, 'm.json');
    writeFileSync(`${out}.tmp-${DEAD_PID}`, 'half a model');
    writeFileSync(`${out}.tmp-${process.ppid}`, 'being written by our parent, which is running');
    checkOutput(out, false);
    expect(readdirSync(dir)).toEqual([`m.json.tmp-${process.ppid}`]);
  });
});

describe('writeAtomically', () => {
  it('replaces the file whole and leaves no temporary file', () => {
    const dir = fresh();
    const out = join(dir, 'm.json');
    writeFileSync(out, 'old');
    writeAtomically(out, 'new');
    expect(readFileSync(out, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  it('leaves the old file and no temporary file when the rename fails', () => {
    const dir = fresh();
    const out = join(dir, 'occupied');
    mkdirSync(join(out, 'inside'), { recursive: true }); // a non-empty directory cannot be renamed over
    expect(() => writeAtomically(out, 'new')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(existsSync(temporaryPath(out))).toBe(false);
    expect(readdirSync(dir)).toEqual(['occupied']);
  });

  it('leaves nothing to clean up afterwards, and cleaning up twice is harmless', () => {
    removeTemporaryFiles();
    removeTemporaryFiles();
  });
});

describe('paths for unplanned saves', () => {
  it('never replace an existing file: rnn-oracle-checkpoint.json, then -1, -2, …', () => {
    const dir = fresh();
    expect(freeCheckpointPath(dir)).toBe(join(dir, DEFAULT_CHECKPOINT));
    writeFileSync(join(dir, DEFAULT_CHECKPOINT), '{}');
    writeFileSync(join(dir, 'rnn-oracle-checkpoint-1.json'), '{}');
    expect(freeCheckpointPath(dir)).toBe(join(dir, 'rnn-oracle-checkpoint-2.json'));
  });

  it('put a diverged run beside the file it must not replace', () => {
    expect(divergedPath('runs/model.json')).toBe('runs/model.diverged.json');
    expect(divergedPath('runs/model')).toBe('runs/model.diverged.json');
  });
});
