/**
 * Test helper: searches files, strings and object graphs for a secret (a PIN,
 * a key) in its plain, hex, base64 and base64url forms, including base64 at
 * each of the three byte alignments it can take inside a longer payload.
 * Pick a secret that does not otherwise occur (a PIN like `918273`, not one
 * that could be a timestamp fragment): every hit is reported with where.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

export interface SecretHit {
  /** Where: a file path, `string[i]`, or an object path like `events[3].payload.error.message`. */
  where: string;
  /** Which form matched: plain, hex, HEX, base64, base64url, utf16le. */
  form: string;
}

/** The text forms a secret can take once encoded somewhere. */
export function secretForms(secret: string): Array<{ form: string; text: string }> {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: Array<{ form: string; text: string }> = [
    { form: 'plain', text: secret },
    { form: 'hex', text: bytes.toString('hex') },
  ];
  if (/[a-f]/.test(bytes.toString('hex'))) forms.push({ form: 'HEX', text: bytes.toString('hex').toUpperCase() });
  for (let k = 0; k < 3; k++) {
    const padded = Buffer.concat([Buffer.alloc(k), bytes]);
    // Only the characters made entirely of the secret's bits.
    const from = Math.ceil((k * 8) / 6);
    const to = Math.floor(((k + bytes.length) * 8) / 6);
    const b64 = padded.toString('base64').slice(from, to);
    const b64url = padded.toString('base64url').slice(from, to);
    if (b64.length >= 4) forms.push({ form: 'base64', text: b64 });
    if (b64url.length >= 4 && b64url !== b64) forms.push({ form: 'base64url', text: b64url });
  }
  return forms;
}

function hitsInBuffer(buf: Buffer, secret: string, where: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const { form, text } of secretForms(secret)) {
    if (buf.includes(Buffer.from(text, 'latin1'))) hits.push({ where, form });
  }
  if (buf.includes(Buffer.from(secret, 'utf16le'))) hits.push({ where, form: 'utf16le' });
  return hits;
}

/** Hits in each file that exists (missing files are skipped: pass the -wal/-shm names freely). */
export function findSecretInFiles(secret: string, files: readonly string[]): SecretHit[] {
  return files.filter((f) => existsSync(f) && statSync(f).isFile()).flatMap((f) => hitsInBuffer(readFileSync(f), secret, f));
}

export function findSecretInStrings(secret: string, strings: readonly string[]): SecretHit[] {
  return strings.flatMap((s, i) => hitsInBuffer(Buffer.from(s, 'utf8'), secret, `string[${i}]`));
}

/**
 * Walks any value (objects, arrays, Maps, Sets, Errors with message, stack,
 * cause and own properties, Buffers, typed arrays), cycles included.
 */
export function findSecretInValue(secret: string, value: unknown, root = 'value'): SecretHit[] {
  const hits: SecretHit[] = [];
  const seen = new WeakSet<object>();
  const visit = (v: unknown, where: string): void => {
    if (typeof v === 'string') hits.push(...hitsInBuffer(Buffer.from(v, 'utf8'), secret, where));
    else if (typeof v === 'number' || typeof v === 'bigint') hits.push(...hitsInBuffer(Buffer.from(String(v)), secret, where));
    else if (v instanceof Uint8Array) hits.push(...hitsInBuffer(Buffer.from(v.buffer, v.byteOffset, v.byteLength), secret, where));
    else if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return;
      seen.add(v);
      if (v instanceof Error) {
        visit(v.message, `${where}.message`);
        visit(v.stack, `${where}.stack`);
        visit(v.cause, `${where}.cause`);
      }
      if (v instanceof Map) {
        for (const [k, x] of v) {
          visit(k, `${where}<key>`);
          visit(x, `${where}[${String(k)}]`);
        }
      } else if (v instanceof Set) {
        let i = 0;
        for (const x of v) visit(x, `${where}{${i++}}`);
      }
      const isArray = Array.isArray(v);
      for (const key of Reflect.ownKeys(v)) {
        if (typeof key === 'symbol' || (v instanceof Error && (key === 'message' || key === 'stack' || key === 'cause'))) continue;
        if (isArray && key === 'length') continue;
        visit((v as Record<string, unknown>)[key], isArray ? `${where}[${key}]` : `${where}.${key}`);
      }
    }
  };
  visit(value, root);
  return hits;
}

/** Everything at once; an empty list means the secret was not found anywhere. */
export function findSecret(secret: string, where: { files?: readonly string[]; strings?: readonly string[]; values?: Record<string, unknown> }): SecretHit[] {
  return [
    ...findSecretInFiles(secret, where.files ?? []),
    ...findSecretInStrings(secret, where.strings ?? []),
    ...Object.entries(where.values ?? {}).flatMap(([name, v]) => findSecretInValue(secret, v, name)),
  ];
}
