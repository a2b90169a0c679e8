import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every markdown file a user reads: README.md, docs/**, and the READMEs under fixtures/. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(dir, name);
      return statSync(join(root, path)).isDirectory() ? walk(path) : [path];
    });
  return ['README.md', ...walk('docs').filter((f) => f.endsWith('.md')), ...walk('fixtures').filter((f) => f.endsWith('README.md'))];
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a markdown file's headings define. */
function anchors(file: string): Set<string> {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.*)$/gm)].map((m) => githubSlug(m[1].trim())));
}

/** Inline links and images, `[text](target)` / `![alt](target)`, outside code blocks and code spans. */
function links(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** What is wrong with one link of `file`, or undefined. */
function problem(file: string, target: string): string | undefined {
  if (/^https?:\/\//.test(target)) return undefined;
  if (/^[a-z]+:/i.test(target)) return `${target}: only http(s) and relative links`;
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const resolved = path === '' ? join(root, file) : resolve(root, dirname(file), decodeURI(path));
  if (isAbsolute(path) || relative(root, resolved).startsWith('..')) return `${target}: points outside the repository`;
  if (!existsSync(resolved)) return `${target}: no such file`;
  if (anchor !== undefined && resolved.endsWith('.md') && !anchors(relative(root, resolved)).has(anchor)) return `${target}: no heading with anchor #${anchor}`;
  return undefined;
}

describe('markdown links', () => {
  const files = markdownFiles();

  it('covers the README, docs/ and the fixture READMEs', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/model.md', 'docs/equations.md', 'docs/errata.md', 'fixtures/numpy/README.md']));
  });

  it('link only to files (and headings) that exist inside the repository', () => {
    const problems = files.flatMap((f) => links(f).map((t) => problem(f, t)).filter(Boolean).map((p) => `${f}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('never mention a path outside the repository, in a link or in the text', () => {
    for (const f of files) expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/\.\.\/shared\/|\/work\//);
  });

  it('detect a missing file, an outside path and a missing heading', () => {
    expect(problem('docs/model.md', 'nope.md')).toBe('nope.md: no such file');
    expect(problem('docs/model.md', '../../shared/spec/rnn-formulation.md')).toMatch(/outside the repository/);
    expect(problem('README.md', '/etc/passwd')).toMatch(/outside the repository/);
    expect(problem('docs/errata.md', 'model.md#no-such-heading')).toMatch(/no heading/);
    expect(problem('docs/errata.md', 'model.md#glossary')).toBeUndefined();
    expect(githubSlug('2. The forward pass: equations (1)–(6)')).toBe('2-the-forward-pass-equations-16');
  });
});
