import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetFromBytes, datasetFromText, loadDataset, MAX_DATASET_BYTES, MAX_LINE_LENGTH, MAX_VOCABULARY } from '../../src/data/dataset.js';

describe('built-in datasets', () => {
  it('elements: 118 names in atomic-number order, 25 symbols lower-cased including newline', () => {
    const d = loadDataset('elements');
    expect(d.examples).toHaveLength(118);
    expect(d.examples[0]).toBe('hydrogen');
    expect(d.examples[117]).toBe('oganesson');
    expect(d.examples).toEqual(expect.arrayContaining(['aluminum', 'cesium', 'sulfur']));
    expect(d.vocabulary).toHaveLength(25);
    expect(d.vocabulary[0]).toBe('\n');
  });

  it('movies: about 250 distinct titles read as UTF-8, accented letters included', () => {
    const d = loadDataset('movies');
    expect(d.examples.length).toBeGreaterThanOrEqual(250);
    expect(new Set(d.examples).size).toBe(d.examples.length);
    expect(d.vocabulary).toContain('é');
    expect(d.vocabulary).toHaveLength(43);
  });
});

describe('bad dataset files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-'));
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('are refused with one line naming the file and the problem', () => {
    expect(() => loadDataset(join(dir, 'missing.txt'))).toThrow(/missing\.txt: cannot read dataset \(no such file\)/);
    expect(() => loadDataset(file('empty.txt', ''))).toThrow(/empty\.txt: the file is empty/);
    expect(() => loadDataset(file('blank.txt', '\n  \n'))).toThrow(/blank\.txt: no non-blank line/);
    expect(() => loadDataset(file('latin1.txt', Uint8Array.from([0x61, 0x62, 0xe9, 0x0a])))).toThrow(
      /latin1\.txt: not UTF-8 \(first invalid byte at offset 2\)/,
    );
  });

  it('refuse a vocabulary too large to be sensible, saying how large', () => {
    const text = Array.from({ length: MAX_VOCABULARY + 5 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('\n');
    expect(() => datasetFromText(text, 'big.txt')).toThrow(`big.txt: vocabulary of ${MAX_VOCABULARY + 6} characters is larger than ${MAX_VOCABULARY}`);
  });

  it('refuse a line longer than the limit, naming the line; a line at the limit is read', () => {
    expect(datasetFromText(`ab\n${'x'.repeat(MAX_LINE_LENGTH)}\n`, 'ok.txt').examples[1]).toHaveLength(MAX_LINE_LENGTH);
    expect(() => datasetFromText(`ab\n\n${'x'.repeat(MAX_LINE_LENGTH + 1)}`, 'long.txt')).toThrow(`long.txt:3: line of ${MAX_LINE_LENGTH + 1} characters is longer than the ${MAX_LINE_LENGTH}-character limit`);
  });

  it('refuse a file larger than the size limit before reading it', () => {
    const big = file('big.txt', '');
    truncateSync(big, MAX_DATASET_BYTES + 1); // sparse: nothing is written
    expect(() => loadDataset(big)).toThrow(`${big}: ${MAX_DATASET_BYTES + 1} bytes is larger than the ${MAX_DATASET_BYTES}-byte limit for a dataset`);
  });
});

describe('how a dataset file is read', () => {
  it('translates CRLF and lone CR line ends to LF, as python’s text mode does', () => {
    const crlf = datasetFromBytes(Buffer.from('Ada\r\nBo\rCy\r\n'), 'crlf.txt');
    expect(crlf.examples).toEqual(['ada', 'bo', 'cy']);
    expect(crlf.vocabulary).not.toContain('\r');
    expect(crlf.text).toBe('Ada\nBo\nCy\n');
  });

  it('keeps a byte-order mark as U+FEFF, as python’s utf-8 codec does, with a note saying so', () => {
    const d = datasetFromBytes(Buffer.from('\uFEFFAda\nBo\n'), 'bom.txt');
    expect(d.examples[0]).toBe('\uFEFFada');
    expect(d.vocabulary.at(-1)).toBe('\uFEFF');
    expect(d.notes).toHaveLength(1);
    expect(datasetFromBytes(Buffer.from('Ada\n'), 'plain.txt').notes).toBeUndefined();
  });
});
