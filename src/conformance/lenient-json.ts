/**
 * JSON as Python's `json.dump` writes it: standard JSON plus the bare tokens NaN, Infinity and
 * -Infinity. They are rewritten to our documented string encoding ("NaN", "Infinity", "-Infinity")
 * outside strings, then parsed as standard JSON; the caller is told so it can note it.
 */

export interface LenientParse {
  readonly value: unknown;
  /** Whether bare NaN/Infinity tokens were found (not standard JSON). */
  readonly bareNonFinite: boolean;
}

const TOKENS = ['-Infinity', 'Infinity', 'NaN'] as const;

/** Rewrites bare NaN/±Infinity outside strings as their quoted forms; undefined when there are none. */
function quoteBareTokens(text: string): string | undefined {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch !== '-' && ch !== 'I' && ch !== 'N') continue;
    const token = TOKENS.find((t) => text.startsWith(t, i));
    if (!token) continue;
    out += `${text.slice(last, i)}"${token}"`;
    i += token.length - 1;
    last = i + 1;
  }
  return last === 0 ? undefined : out + text.slice(last);
}

/** Parses `text` as JSON, accepting bare NaN/Infinity/-Infinity; throws SyntaxError otherwise. */
export function parseLenientJson(text: string): LenientParse {
  try {
    return { value: JSON.parse(text), bareNonFinite: false };
  } catch (error) {
    const rewritten = /NaN|Infinity/.test(text) ? quoteBareTokens(text) : undefined;
    if (rewritten === undefined) throw error;
    return { value: JSON.parse(rewritten), bareNonFinite: true };
  }
}

export const BARE_NON_FINITE_NOTE = 'note: their output has bare NaN/Infinity tokens (not standard JSON); accepted as "NaN"/"Infinity"/"-Infinity"';
