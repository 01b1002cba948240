/**
 * 1312 医保目录信息查询 (national catalogue query), paged: the input
 * (`query_date`, `insu_admdvs`, `updt_time`, `page_num`, `page_size`, as
 * binzhe12123/Medical `ML1312.cs` sends it) and the rows the terminal keeps
 * (`hilist_code`, `hilist_name`, `list_type`, `vali_flag`, `updt_time`).
 * Pure.
 *
 * @module
 */
import { unreadable } from './unreadable.js';
import { GatewayError } from './errors.js';

/**
 * One page of 1312 to ask for.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface CatalogPageRequest {
  /** 参保机构医保区划 (`insu_admdvs`), six digits. */
  insuAdmdvs: string;
  /** Rows updated since (`updt_time`, `YYYY-MM-DD`); default `2000-01-01` (everything). */
  updatedSince?: string;
  /** `query_date`, `YYYY-MM-DD`: the catalogue as valid that day. */
  queryDate: string;
  /** From 1. */
  page: number;
  /** Rows per page, 1..1000 (default 100). */
  pageSize?: number;
}

/**
 * One national catalogue row.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface CatalogRow {
  /** 医保目录编码 (`med_list_codg` of a sale line). */
  code: string;
  name: string;
  /** 目录类别 (`list_type`, 101 西药中成药…). */
  listType?: string;
  /** 有效标志 `vali_flag` 1. */
  valid: boolean;
  updatedAt?: string;
}

/**
 * One page of 1312's answer, and whether more follow.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface CatalogPage {
  rows: CatalogRow[];
  page: number;
  /** `recordCounts` when the gateway gives it. */
  total?: number;
  /** False once a page comes back short (or past `pages`). */
  more: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function toCatalogPageInput(req: CatalogPageRequest): { data: Record<string, unknown> } {
  const size = req.pageSize ?? 100;
  if (!/^[0-9]{6}$/.test(req.insuAdmdvs)) throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'insuAdmdvs', reason: 'six digits' } });
  if (!DAY.test(req.queryDate) || (req.updatedSince !== undefined && !DAY.test(req.updatedSince))) {
    throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'queryDate/updatedSince', reason: 'YYYY-MM-DD' } });
  }
  if (!Number.isSafeInteger(req.page) || req.page < 1 || !Number.isSafeInteger(size) || size < 1 || size > 1000) {
    throw new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: 'page/pageSize' } });
  }
  return { data: { query_date: req.queryDate, insu_admdvs: req.insuAdmdvs, updt_time: req.updatedSince ?? '2000-01-01', page_num: req.page, page_size: size } };
}

export function toCatalogPage(output: Record<string, unknown>, msgid: string, pageSize = 100): CatalogPage {
  const list = output.data ?? [];
  if (!Array.isArray(list)) throw unreadable('data is not a list', msgid);
  const rows = list.map((r: unknown): CatalogRow => {
    const o = (r ?? {}) as Record<string, unknown>;
    if (typeof o.hilist_code !== 'string' || o.hilist_code === '') throw unreadable('hilist_code', msgid);
    const row: CatalogRow = { code: o.hilist_code, name: typeof o.hilist_name === 'string' ? o.hilist_name : '', valid: String(o.vali_flag ?? '1') === '1' };
    if (typeof o.list_type === 'string' && o.list_type !== '') row.listType = o.list_type;
    if (typeof o.updt_time === 'string' && o.updt_time !== '') row.updatedAt = o.updt_time;
    return row;
  });
  const page = Number(output.pageNum ?? output.page_num ?? 1);
  const pages = output.pages === undefined ? undefined : Number(output.pages);
  const totalRaw = output.recordCounts ?? output.total;
  const size = Number(output.pageSize ?? output.page_size ?? pageSize);
  const more = pages !== undefined && Number.isFinite(pages) ? page < pages : rows.length >= size && rows.length > 0;
  return { rows, page, ...(totalRaw !== undefined && Number.isFinite(Number(totalRaw)) ? { total: Number(totalRaw) } : {}), more };
}
