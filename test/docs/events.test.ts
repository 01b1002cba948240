/**
 * docs/events.md lists, under a heading per `…Events` interface exported
 * from src/, exactly the events that interface declares.
 */
import { describe, expect, it } from 'vitest';
import { documentedTables, exportedInterfaces } from '../helpers/doc-tables.js';

describe('docs/events.md', () => {
  it('has a section per exported …Events interface listing exactly its events', () => {
    const code = exportedInterfaces((name) => name.endsWith('Events'));
    const docs = documentedTables('docs/events.md');
    expect(code.size).toBeGreaterThanOrEqual(4);
    expect([...docs.keys()].sort()).toEqual([...code.keys()].sort());
    for (const [name, events] of code) expect(docs.get(name)?.sort(), name).toEqual([...events].sort());
  });
});
