/**
 * Field readers for transaction inputs: each returns the typed value or
 * throws BAD_REQUEST naming the field.
 *
 * @module
 */
import { isObject } from './envelope.js';
import { bad } from './refusal.js';
import { yuanToFen } from '../gateway/money.js';
import { certRef } from '../gateway/cert-no.js';

/**
 * The credential text of `mdtrt_cert_no` (at most 50 characters), or of the
 * extension `mdtrt_cert_ext` when `mdtrt_cert_no` is its reference. A whole
 * voucher in `mdtrt_cert_no` (version 1 clients) is still read.
 */
export function certText(data: Record<string, unknown>): string {
  const no = str(data, 'mdtrt_cert_no', /^.{1,600}$/s);
  const ext = optStr(data, 'mdtrt_cert_ext', /^.{51,600}$/s);
  if (ext === undefined) return no;
  if (certRef(ext) !== no) throw bad('mdtrt_cert_no is not the reference of mdtrt_cert_ext');
  return ext;
}

export function obj(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = parent[key];
  if (!isObject(v)) throw bad(`${key} missing or not an object`);
  return v;
}

export function str(parent: Record<string, unknown>, key: string, pattern = /^.{1,512}$/s): string {
  const v = parent[key];
  if (typeof v !== 'string' || !pattern.test(v)) throw bad(`${key} missing or malformed`);
  return v;
}

export function optStr(parent: Record<string, unknown>, key: string, pattern = /^.{1,512}$/s): string | undefined {
  return parent[key] === undefined || parent[key] === null || parent[key] === '' ? undefined : str(parent, key, pattern);
}

/** A yuan amount (string or number) as integer fen. */
export function fen(parent: Record<string, unknown>, key: string): number {
  const v = parent[key];
  try {
    if (typeof v !== 'string' && typeof v !== 'number') throw new TypeError(key);
    return yuanToFen(v);
  } catch {
    throw bad(`${key} is not an amount in yuan`);
  }
}

/** A flag given as 0/1 or "0"/"1". */
export function flag(parent: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = parent[key];
  if (v === undefined) return fallback;
  if (v === 1 || v === '1') return true;
  if (v === 0 || v === '0') return false;
  throw bad(`${key} must be 0 or 1`);
}

export const MSGID = /^[A-Z0-9]{12}[0-9]{18}$/;
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
