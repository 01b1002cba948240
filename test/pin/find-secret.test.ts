import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PinError } from '../../src/pin/errors.js';
import { findSecret, findSecretInValue, secretForms } from '../helpers/find-secret.js';

const PIN = '918273';

describe('find-secret test helper', () => {
  it('finds the secret embedded in base64/base64url at every alignment', () => {
    for (let k = 0; k < 3; k++) {
      const payload = Buffer.concat([Buffer.from('x'.repeat(k + 7)), Buffer.from(`{"pin":"${PIN}"}`)]);
      expect(findSecretInValue(PIN, payload.toString('base64')).map((h) => h.form)).toContain('base64');
      const url = payload.toString('base64url');
      expect(findSecretInValue(PIN, url).length).toBeGreaterThan(0);
    }
  });

  it('finds hex, upper hex and UTF-16 forms, in files too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'find-secret-'));
    try {
      writeFileSync(join(dir, 'a.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(PIN, 'utf16le')]));
      writeFileSync(join(dir, 'b.log'), `{"blob":"${Buffer.from(PIN).toString('hex').toUpperCase()}"}`);
      writeFileSync(join(dir, 'c.log'), 'nothing here 918-273');
      const hits = findSecret(PIN, { files: [join(dir, 'a.bin'), join(dir, 'b.log'), join(dir, 'c.log'), join(dir, 'missing-wal')] });
      expect(hits).toEqual([
        { where: join(dir, 'a.bin'), form: 'utf16le' },
        { where: join(dir, 'b.log'), form: 'hex' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('walks errors (message, cause, details), maps, sets, typed arrays and cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const err = new Error('outer', { cause: new Error(`inner ${PIN}`) });
    const hits = findSecretInValue(PIN, { events: [cyclic, new Map([['k', new Set([Buffer.from(PIN)])]])], err }, 'root');
    expect(hits.map((h) => h.where)).toEqual(['root.events[1][k]{0}', 'root.err.cause.message', 'root.err.cause.stack']);
    expect(findSecretInValue(PIN, new PinError('PIN_FORMAT', { details: { len: 5 } }))).toEqual([]);
  });

  it('lists the forms it searches', () => {
    expect(secretForms(PIN).map((f) => f.form)).toEqual(['plain', 'hex', 'base64', 'base64', 'base64']);
    // A secret whose hex has letters and whose base64 has + or / gets those forms too.
    expect(secretForms('\u00ff\u00fe?>').map((f) => f.form)).toEqual(expect.arrayContaining(['HEX', 'base64url']));
  });
});
