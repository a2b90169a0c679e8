/**
 * The few Python `str` operations the course template applies to its data, done as Python does
 * them (checked against python3 in spec/data/python-reading.spec.ts):
 *   - text mode's universal newlines: "\r\n" and a lone "\r" both become "\n";
 *   - `str.strip()`: removes what `str.isspace()` calls whitespace — not JavaScript's `trim()`,
 *     which also removes U+FEFF and keeps U+001C–U+001F and U+0085;
 *   - `sorted()` of characters: by code point — not JavaScript's default sort, which compares
 *     UTF-16 code units and puts astral characters (U+10000…) before U+E000–U+FFFF.
 */

/** Every code point for which Python's `str.isspace()` is true (fixtures/data/python-reading.json). */
const PYTHON_WHITESPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** The whitespace set as a list of code points (for the spec that checks it against python3). */
export const PYTHON_WHITESPACE_CODE_POINTS: readonly number[] = [...PYTHON_WHITESPACE].map((c) => c.codePointAt(0)!);

const STRIP = new RegExp(`^[${PYTHON_WHITESPACE}]+|[${PYTHON_WHITESPACE}]+$`, 'gu');

/** Python's text-mode newline translation (newline=None): "\r\n" and "\r" read as "\n". */
export function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Python's `s.strip()`. */
export function pythonStrip(s: string): string {
  return s.replace(STRIP, '');
}

/** Python's `sorted(set(chars))` for one-character strings: distinct, ordered by code point. */
export function sortedByCodePoint(chars: Iterable<string>): string[] {
  return [...new Set(chars)].sort((x, y) => x.codePointAt(0)! - y.codePointAt(0)!);
}
