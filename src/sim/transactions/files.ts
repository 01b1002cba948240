/**
 * 9101 文件上传 and 9102 文件下载: a file goes up as base64 in
 * `fsUploadIn{in, filename, fixmedins_code}` and is kept under a new
 * `file_qury_no`; it comes back by `fsDownloadIn{file_qury_no, filename,
 * fixmedins_code}`, only to its own pharmacy. The platform answers 9102 with
 * the file's bytes as the HTTP body; the simulator keeps its JSON envelope
 * and gives them as base64 in `output.file` (the envelope transport is the
 * only one the client has).
 *
 * @module
 */
import type { Handler } from '../context.js';
import { obj, str } from '../input.js';
import { bad, SimRefusal } from '../refusal.js';
import { cstStamp14 } from '../rules/day.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const fileUpload: Handler<{ bytes: Buffer; filename: string }> = {
  async prepare(ctx) {
    const input = obj(ctx.env.input, 'fsUploadIn');
    const data = str(input, 'in', /^.{1,}$/s);
    if (!BASE64.test(data)) throw bad('fsUploadIn.in is not base64');
    if (str(input, 'fixmedins_code') !== ctx.env.fixmedins_code) throw bad('fsUploadIn.fixmedins_code is not the sender’s');
    return { bytes: Buffer.from(data, 'base64'), filename: str(input, 'filename', /^[^/\\]{1,200}$/) };
  },
  apply(ctx, p) {
    const now = ctx.clock();
    const no = `fsi/plc/${cstStamp14(now)}${String(ctx.ledger.next('file')).padStart(8, '0')}`;
    ctx.ledger.storeFile(no, ctx.env.fixmedins_code, p.filename, p.bytes, now);
    return { output: { file_qury_no: no, filename: p.filename, dld_endtime: '' } };
  },
};

export const fileDownload: Handler<{ no: string }> = {
  async prepare(ctx) {
    const input = obj(ctx.env.input, 'fsDownloadIn');
    return { no: str(input, 'file_qury_no', /^.{1,30}$/) };
  },
  apply(ctx, p) {
    const f = ctx.ledger.file(p.no, ctx.env.fixmedins_code);
    if (!f) throw new SimRefusal('BAD_REQUEST', { detail: 'no such file_qury_no for this pharmacy' });
    return { output: { filename: f.filename, file: Buffer.from(f.bytes).toString('base64') } };
  },
};
