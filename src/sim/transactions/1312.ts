/**
 * 1312 医保目录信息查询: one page of the national drug catalogue, rows
 * updated since `updt_time`, answered as `data` with `pageNum`,
 * `pageSize`, `recordCounts` and `pages`.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { catalogPage } from '../ledger/catalog.js';
import { obj, optStr, str } from '../input.js';
import { bad } from '../refusal.js';

interface Prepared {
  since: string;
  page: number;
  size: number;
}

export const catalogQuery: Handler<Prepared> = {
  async prepare(ctx) {
    const data = obj(ctx.env.input, 'data');
    str(data, 'insu_admdvs', /^[0-9]{6}$/);
    const since = optStr(data, 'updt_time', /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/) ?? '2000-01-01';
    const page = Number(data.page_num);
    const size = Number(data.page_size);
    if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(size) || size < 1 || size > 1000) throw bad('page_num 1.., page_size 1..1000');
    return { since, page, size };
  },
  apply(ctx, p) {
    const { rows, total } = catalogPage(ctx.ledger, p.since, p.page, p.size);
    return { output: { data: rows, pageNum: p.page, pageSize: p.size, recordCounts: total, pages: Math.ceil(total / p.size) } };
  },
};
