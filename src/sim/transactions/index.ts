/**
 * The handler of each transaction code.
 *
 * @module
 */
import type { Handler } from '../context.js';
import type { SimInfno } from '../envelope.js';
import { personInfo } from './1101.js';
import { decodeCode } from './1162.js';
import { preSettle } from './2101.js';
import { settle } from './2102.js';
import { cancel } from './2103.js';
import { reverse } from './2601.js';
import { reconcile } from './3201.js';
import { detailReconcile } from './3202.js';
import { fileDownload, fileUpload } from './files.js';
import { saleUpload } from './3505.js';
import { saleReturn } from './3506.js';
import { catalogQuery } from './1312.js';
import { query } from './5203.js';
import { signIn, signOut } from './9001.js';

export const HANDLERS: Record<SimInfno, Handler<never>> = {
  '9001': signIn as Handler<never>,
  '9002': signOut as Handler<never>,
  '1101': personInfo as Handler<never>,
  '1162': decodeCode as Handler<never>,
  '1312': catalogQuery as Handler<never>,
  '2101': preSettle as Handler<never>,
  '2102': settle as Handler<never>,
  '2103': cancel as Handler<never>,
  '2601': reverse as Handler<never>,
  '3201': reconcile as Handler<never>,
  '3202': detailReconcile as Handler<never>,
  '9101': fileUpload as Handler<never>,
  '9102': fileDownload as Handler<never>,
  '3505': saleUpload as Handler<never>,
  '3506': saleReturn as Handler<never>,
  '5203': query as Handler<never>,
};
