/**
 * The local catalogue: the import CSV (quotes, header, a bad line named),
 * own codes mapped to national codes on sale lines, and the national
 * catalogue downloaded page by page (1312) from the simulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/gateway/client.js';
import { parseCsv } from '../../src/journal/catalog/csv.js';
import { LocalCatalog, parseCatalogCsv } from '../../src/journal/catalog/local-catalog.js';
import { manualClock } from '../../src/lib/clock.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { makeEnv, T0 } from '../sim/helpers/terminal.js';

describe('catalogue import', () => {
  it('reads quoted fields, CRLF, a BOM and a header; names a bad line', () => {
    expect(parseCsv('\ufeffa,"b, ""c""",d\r\n\r\ne,f\n')).toEqual([['a', 'b, "c"', 'd'], ['e', 'f']]);
    const items = parseCatalogCsv('own_code,national_code,name,pack_unit,sale_unit\n6921168509256,XR05XAF122B002010100002,"复方甘草片, 100片",瓶,片\n6901234567892,XJ01CRA045A001010100001\n');
    expect(items).toEqual([
      { ownCode: '6921168509256', nationalCode: 'XR05XAF122B002010100002', name: '复方甘草片, 100片', packUnit: '瓶', saleUnit: '片' },
      { ownCode: '6901234567892', nationalCode: 'XJ01CRA045A001010100001' },
    ]);
    expect(() => parseCatalogCsv('own_code,national_code\nA1,\n')).toThrow(expect.objectContaining({ code: 'JOURNAL_CATALOG_INVALID', details: expect.objectContaining({ line: 2 }) }));
  });

  it('maps own codes on sale lines: own code as localCode, national code as code, units from the table', async () => {
    const c = await LocalCatalog.open(':memory:');
    try {
      c.importItems(parseCatalogCsv('6921168509256,XR05XAF122B002010100002,复方甘草片,瓶,片\n'));
      expect(c.map([{ code: '6921168509256', qty: 10, priceFen: 6 }, { code: 'XA01', qty: 1, priceFen: 100 }])).toEqual([
        { code: 'XR05XAF122B002010100002', localCode: '6921168509256', name: '复方甘草片', packUnit: '瓶', saleUnit: '片', qty: 10, priceFen: 6 },
        { code: 'XA01', qty: 1, priceFen: 100 },
      ]);
    } finally {
      c.close();
    }
  });
});

describe('national catalogue download (1312)', () => {
  const clock = manualClock(T0);
  let sim: Simulator;
  let client: GatewayClient;
  beforeEach(async () => {
    const env = await makeEnv(clock);
    sim = await startSimulator({ dir: env.dir, clock });
    client = await createGatewayClientFromEnv(env.dir, { url: sim.url, clock, timeoutMs: 10_000 });
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
  });

  it('pages through the whole catalogue into the local table', async () => {
    const c = await LocalCatalog.open(':memory:');
    try {
      let pages = 0;
      for (let page = 1; ; page++) {
        const got = await client.catalogPage({ insuAdmdvs: '420100', queryDate: '2026-11-22', page, pageSize: 100 });
        c.storeNational(got.rows);
        pages = page;
        if (!got.more) break;
      }
      expect(pages).toBe(3);
      expect(c.counts().national).toBe(250);
      expect(c.national('XJ01CRA045A001010100001')).toEqual({ code: 'XJ01CRA045A001010100001', name: '阿莫西林胶囊', valid: true });
    } finally {
      c.close();
    }
  });
});
