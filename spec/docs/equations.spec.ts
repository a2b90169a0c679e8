import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Row {
  eq: string;
  functions: string[];
  specs: string[];
}

/** The rows of docs/equations.md's table. */
function tableRows(): Row[] {
  return read('docs/equations.md')
    .split('\n')
    .filter((line) => /^\| (\(\d+\)|§)/.test(line))
    .map((line) => {
      const cells = line.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, ''));
      const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      return { eq: cells[0], functions: code(cells[2]), specs: code(cells[3]) };
    });
}

/** Every equation number a text cites, expanding ranges such as "(16)–(26)". */
function citedEquations(text: string): Set<number> {
  const cited = new Set<number>();
  for (const m of text.matchAll(/\((\d{1,2})\)(?:\s*[–-]\s*\((\d{1,2})\))?/g)) {
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    for (let n = from; n <= to; n++) cited.add(n);
  }
  return cited;
}

const rows = tableRows();

describe('docs/equations.md — the equation map', () => {
  it('has a row for each of equations (1)–(26)', () => {
    const numbered = rows.filter((r) => r.eq.startsWith('(')).map((r) => Number(r.eq.slice(1, -1)));
    expect(numbered).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });

  it('names at least one function and one spec for every equation', () => {
    for (const r of rows) {
      expect(r.functions.length, r.eq).toBeGreaterThan(0);
      expect(r.specs.length, r.eq).toBeGreaterThan(0);
    }
  });

  it('names only functions that exist, in files that cite the equation', async () => {
    for (const r of rows) {
      for (const ref of r.functions) {
        const [file, name] = ref.split('#');
        const module = (await import(new URL(file, root).href)) as Record<string, unknown>;
        expect(module[name], `${r.eq}: ${ref}`).toBeDefined();
        if (r.eq.startsWith('(')) expect(citedEquations(read(file)).has(Number(r.eq.slice(1, -1))), `${file} cites ${r.eq}`).toBe(true);
      }
    }
  });

  it('names only spec files that exist and mention the equation', () => {
    for (const r of rows) {
      for (const spec of r.specs) {
        expect(existsSync(new URL(spec, root)), spec).toBe(true);
        if (r.eq.startsWith('(')) expect(citedEquations(read(spec)).has(Number(r.eq.slice(1, -1))), `${spec} mentions ${r.eq}`).toBe(true);
      }
    }
  });
});
