/**
 * 1312 医保目录信息查询: one page of the national drug catalogue (see
 * catalog.ts for the page's fields).
 *
 * @module
 */
import { toCatalogPage, toCatalogPageInput, type CatalogPage, type CatalogPageRequest } from '../catalog.js';
import type { Codec } from './codec.js';

export const catalogPage1312: Codec<CatalogPageRequest, CatalogPage> = {
  infno: '1312',
  input: (req) => toCatalogPageInput(req),
  read: ({ output, msgid }) => toCatalogPage(output, msgid),
};
