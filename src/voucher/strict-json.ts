/**
 * A strict JSON parser that refuses duplicate object keys, which JSON.parse
 * silently resolves to the last one (a classic signed-token confusion).
 * JSON.parse does the parsing (so syntax, escapes and numbers are exactly
 * its own); one pass over the text counts the keys it holds, and a count
 * above the properties JSON.parse made means two keys met in one object
 * (every key token either makes a property or overwrites one). That pass is
 * about a fifth of a parser written in JavaScript, on the verify path of
 * every voucher.
 *
 * @module
 */

export class StrictJsonError extends Error {}

const MAX_DEPTH = 32;

/** Parses `text` like JSON.parse, but throws StrictJsonError on duplicate keys, nesting past 32 or any syntax error. */
export function parseStrictJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new StrictJsonError(err instanceof Error ? err.message : 'bad JSON');
  }
  // JSON.parse accepted it, so strings are well formed: only quotes, escapes, brackets and colons matter.
  let keys = 0;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: find its end, then a colon after optional whitespace makes it a key.
      i++;
      while (text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      let j = i + 1;
      for (let w = text.charCodeAt(j); w === 0x20 || w === 0x09 || w === 0x0a || w === 0x0d; w = text.charCodeAt(++j));
      if (text.charCodeAt(j) === 0x3a) keys++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) throw new StrictJsonError(`too deep at ${i}`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  if (keys !== 0 && keys !== properties(value)) throw new StrictJsonError('duplicate key');
  return value;
}

/** Own properties of every object in a parsed JSON value. */
function properties(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  if (Array.isArray(v)) {
    let n = 0;
    for (const x of v) n += properties(x);
    return n;
  }
  let n = 0;
  // Object.keys lists `__proto__` too: JSON.parse makes it an own data property.
  for (const k of Object.keys(v)) n += 1 + properties((v as Record<string, unknown>)[k]);
  return n;
}
