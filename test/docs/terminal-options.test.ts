/**
 * docs/checkout.md's reference of `createTerminal` options names exactly
 * the members of `TerminalConfig`.
 */
import { describe, expect, it } from 'vitest';
import { documentedTables, exportedInterfaces } from '../helpers/doc-tables.js';

describe('docs/checkout.md: createTerminal options', () => {
  it('lists every TerminalConfig option and no other', () => {
    const options = exportedInterfaces((name) => name === 'TerminalConfig').get('TerminalConfig');
    expect(options?.length).toBeGreaterThan(10);
    expect(documentedTables('docs/checkout.md').get('`createTerminal` options')?.sort()).toEqual([...options!].sort());
  });
});
