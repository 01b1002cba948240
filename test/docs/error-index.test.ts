/**
 * docs/errors.md is made from the error catalogues: every code any public
 * entry can throw, its class, the CLI's exit code and both messages. A code
 * added, removed or reworded without regenerating the page fails here;
 * `npx vitest run test/docs/error-index.test.ts -u` writes it anew.
 */
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as sim from '../../src/sim/index.js';
import * as backoffice from '../../src/backoffice/index.js';
import { exitCodeFor } from '../../src/cli/exit.js';
import { YibaoError, type Catalogue } from '../../src/lib/errors.js';

type WithCatalogue = { name: string; catalogue: Catalogue<string>; prototype: unknown };

function errorClasses(): WithCatalogue[] {
  const seen = new Map<string, WithCatalogue>();
  for (const value of [...Object.values(root), ...Object.values(sim), ...Object.values(backoffice)]) {
    if (typeof value !== 'function') continue;
    const c = value as unknown as Partial<WithCatalogue>;
    if (!c.catalogue || !(c.prototype instanceof YibaoError)) continue;
    seen.set(c.name!, c as WithCatalogue);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function page(): string {
  const rows: string[] = [];
  for (const cls of errorClasses()) {
    for (const [code, m] of Object.entries(cls.catalogue)) {
      const exit = exitCodeFor({ code } as YibaoError);
      rows.push(`| \`${code}\` | ${cls.name} | ${exit} | ${cell(m.zh)} | ${cell(m.en)} |`);
    }
  }
  rows.sort();
  return [
    '# Error codes',
    '',
    'Every refusal is a typed error with a stable `code` (match on it, not on the class) and a message in Chinese and English for the cashier.',
    '`[…]` in a message is a clause filled from the error\'s `details` (for example the tries left) and left out when the detail is absent.',
    'Exit is what the `yibao-pos` command exits with for it: 1 refused, 2 setup or usage.',
    '',
    'Generated from the catalogues by `npx vitest run test/docs/error-index.test.ts -u`; a test fails when this page and the code disagree.',
    '',
    '| code | class | exit | 中文 | English |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

describe('docs/errors.md', () => {
  it('lists every code of every public error class, as the catalogues say', async () => {
    const classes = errorClasses().map((c) => c.name);
    expect(classes).toEqual(expect.arrayContaining(['CheckoutError', 'GatewayError', 'JournalError', 'PinError', 'ScannerError', 'VoucherError', 'SimError', 'BackofficeError']));
    await expect(page()).toMatchFileSnapshot('../../docs/errors.md');
  });
});
