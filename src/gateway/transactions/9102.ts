/**
 * 9102 文件下载 file download by `file_qury_no` (the simulator sends the
 * bytes as base64 in `output.file`).
 *
 * @module
 */
import { textField } from '../read.js';
import type { Codec } from './codec.js';

export const downloadFile9102: Codec<{ fileQuryNo: string; filename: string }, Uint8Array> = {
  infno: '9102',
  input: (req, ctx) => ({ fsDownloadIn: { file_qury_no: req.fileQuryNo, filename: req.filename, fixmedins_code: ctx.fixmedinsCode } }),
  read: ({ output, msgid }) => new Uint8Array(Buffer.from(textField(output, 'file', msgid), 'base64')),
};
