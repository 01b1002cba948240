/**
 * A strict JSON parser that refuses duplicate object keys, which JSON.parse
 * silently resolves to the last one (a classic signed-token confusion).
 * Strings and numbers are handed to JSON.parse, so escapes match exactly.
 *
 * @module
 */

export class StrictJsonError extends Error {}

const WS = new Set([' ', '\t', '\n', '\r']);

/** Parses `text` like JSON.parse, but throws StrictJsonError on duplicate keys or any syntax error. */
export function parseStrictJson(text: string): unknown {
  let i = 0;
  const fail = (why: string): never => {
    throw new StrictJsonError(`${why} at ${i}`);
  };
  const skip = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('bad string');
    }
  };
  const value = (depth: number): unknown => {
    if (depth > 32) fail('too deep');
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const seen = new Set<string>();
      skip();
      if (text[i] === '}') {
        i++;
        return { ...obj };
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected key');
        const key = str();
        if (seen.has(key)) fail('duplicate key');
        seen.add(key);
        skip();
        if (text[i] !== ':') fail('expected colon');
        i++;
        obj[key] = value(depth + 1);
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          // A plain object for callers; `__proto__` stays an own data property.
          return Object.defineProperties({}, Object.getOwnPropertyDescriptors(obj));
        }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      skip();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected , or ]');
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) return fail('unexpected token');
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  const out = value(0);
  skip();
  if (i !== text.length) fail('trailing data');
  return out;
}
