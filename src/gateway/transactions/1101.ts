/**
 * 1101 人员信息获取 person info: the seven national inputs in (blank when
 * not given; a voucher longer than 50 characters goes by reference with the
 * text in `mdtrt_cert_ext`); `baseinfo`, `insuinfo[]`, `idetinfo[]` out.
 *
 * @module
 */
import { certFields, MDTRT_CERT_NO_MAX } from '../cert-no.js';
import { invalidRequest, nonEmpty } from '../request.js';
import { assignDefined, blank, fen, listOf, object, optText, textField } from '../read.js';
import type { Identity, Insurance, PersonInfo, PersonInfoRequest } from '../types.js';
import type { PersonInfoInput } from '../wire.js';
import type { Codec } from './codec.js';

/** 1101 `data`: the seven national inputs (blank when not given), plus `mdtrt_cert_ext` for a long voucher. */
export function toPersonInfoInput(req: PersonInfoRequest): PersonInfoInput {
  if (!nonEmpty(req.mdtrtCertNo)) throw invalidRequest('mdtrtCertNo', 'required');
  const type = req.mdtrtCertType ?? '01';
  if (type !== '01' && type !== '02' && type !== '03') throw invalidRequest('mdtrtCertType', '01, 02 or 03');
  if (type === '03' && !nonEmpty(req.cardSn)) throw invalidRequest('cardSn', 'required for a social security card (03)');
  if (req.begntime !== undefined && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(req.begntime)) throw invalidRequest('begntime', 'yyyy-MM-dd HH:mm:ss');
  const cert = type === '01' ? certFields(req.mdtrtCertNo) : { mdtrt_cert_no: req.mdtrtCertNo };
  if (cert.mdtrt_cert_no.length > MDTRT_CERT_NO_MAX) throw invalidRequest('mdtrtCertNo', 'at most 50 characters');
  return {
    data: {
      mdtrt_cert_type: type,
      mdtrt_cert_no: cert.mdtrt_cert_no,
      card_sn: req.cardSn ?? '',
      begntime: req.begntime ?? '',
      psn_cert_type: req.psnCertType ?? '',
      certno: req.certno ?? '',
      psn_name: req.psnName ?? '',
      ...(cert.mdtrt_cert_ext !== undefined ? { mdtrt_cert_ext: cert.mdtrt_cert_ext } : {}),
    },
  };
}

/** 1101 output → PersonInfo. `balc` blank is 0 (a resident without an account). */
export function toPersonInfo(output: Record<string, unknown>, msgid: string): PersonInfo {
  const base = object(output, 'baseinfo', msgid);
  const insurances = listOf(output, 'insuinfo', msgid, true).map((r): Insurance => {
    const ins: Insurance = {
      insutype: textField(r, 'insutype', msgid),
      balanceFen: blank(r.balc) ? 0 : fen(r, 'balc', msgid),
      status: textField(r, 'psn_insu_stas', msgid),
      insuplcAdmdvs: optText(r, 'insuplc_admdvs') ?? '',
    };
    return assignDefined(ins, {
      psnType: optText(r, 'psn_type'),
      insuDate: optText(r, 'psn_insu_date'),
      pausInsuDate: optText(r, 'paus_insu_date'),
      cvlservFlag: optText(r, 'cvlserv_flag'),
      empName: optText(r, 'emp_name'),
    });
  });
  const identities = listOf(output, 'idetinfo', msgid, false).map((r): Identity =>
    assignDefined<Identity>(
      { psnIdetType: textField(r, 'psn_idet_type', msgid) },
      { psnTypeLv: optText(r, 'psn_type_lv'), memo: optText(r, 'memo'), begntime: optText(r, 'begntime'), endtime: optText(r, 'endtime') },
    ),
  );
  const person: PersonInfo = {
    psnNo: textField(base, 'psn_no', msgid),
    name: textField(base, 'psn_name', msgid),
    certno: textField(base, 'certno', msgid),
    insurances,
    identities,
  };
  return assignDefined(person, { psnCertType: optText(base, 'psn_cert_type'), gend: optText(base, 'gend'), brdy: optText(base, 'brdy') });
}

export const personInfo1101: Codec<PersonInfoRequest, PersonInfo> = {
  infno: '1101',
  input: (req) => toPersonInfoInput(req),
  read: ({ output, msgid }) => toPersonInfo(output, msgid),
};
