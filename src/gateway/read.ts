/**
 * Field readers of a success answer's `output`. A field that is missing or
 * malformed where it must be present is an unknown outcome (`unreadable`):
 * the gateway did answer success.
 *
 * @module
 */
import { yuanToFen } from './money.js';
import { unreadable } from './unreadable.js';
import type { Yuan } from './wire.js';

export type Obj = Record<string, unknown>;

/** `undefined`, `null` and `""`: what real gateways send for "no value". */
export const blank = (v: unknown): boolean => v === undefined || v === null || v === '';

function field(obj: Obj, name: string, msgid: string): unknown {
  if (!(name in obj)) throw unreadable(`missing ${name}`, msgid);
  return obj[name];
}

/** A required text field (a number is read as its text). */
export function textField(obj: Obj, name: string, msgid: string): string {
  const v = field(obj, name, msgid);
  if (typeof v !== 'string' && typeof v !== 'number') throw unreadable(`${name} is not a string`, msgid);
  return String(v);
}

/** An optional text field: absent, null or "" is undefined. */
export function optText(obj: Obj, name: string): string | undefined {
  const v = obj[name];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Fen of a wire amount; a bad amount in a success answer is an unknown outcome. */
export function fen(obj: Obj, name: string, msgid: string, signed = false): number {
  const v = field(obj, name, msgid);
  try {
    return yuanToFen(v as Yuan, { signed });
  } catch (cause) {
    throw unreadable(`${name} is not an amount`, msgid, cause);
  }
}

export function object(obj: Obj, name: string, msgid: string): Obj {
  const v = field(obj, name, msgid);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw unreadable(`${name} is not an object`, msgid);
  return v as Obj;
}

/** A list that a real gateway may send as one object, or leave blank. */
export function listOf(output: Obj, name: string, msgid: string, required: boolean): Obj[] {
  const v = output[name];
  if (blank(v)) {
    if (required) throw unreadable(`missing ${name}`, msgid);
    return [];
  }
  const list = Array.isArray(v) ? v : [v];
  return list.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw unreadable(`${name} entry`, msgid);
    return raw as Obj;
  });
}

/** Copies the defined values of `values` onto `target` (optional fields stay absent, not `undefined`). */
export function assignDefined<T extends object>(target: T, values: Partial<T>): T {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (target as Obj)[k] = v;
  return target;
}
