/**
 * 9101 文件上传 file upload: the bytes (a zip) as base64 in `fsUploadIn`;
 * out, the `file_qury_no` that names the file in 3202.
 *
 * @module
 */
import { textField } from '../read.js';
import type { Codec } from './codec.js';

export interface FileUpload {
  filename: string;
  bytes: Uint8Array;
}

export const uploadFile9101: Codec<FileUpload, { fileQuryNo: string; filename: string }> = {
  infno: '9101',
  input: (req, ctx) => ({ fsUploadIn: { in: Buffer.from(req.bytes).toString('base64'), filename: req.filename, fixmedins_code: ctx.fixmedinsCode } }),
  read: ({ output, msgid }) => ({ fileQuryNo: textField(output, 'file_qury_no', msgid), filename: textField(output, 'filename', msgid) }),
};
