/**
 * One message sent to the simulator outside any GatewayClient, sealed the
 * way the environment's profile seals (ES256 JWS for `ours`; SM2, SM4 and
 * paas headers for `national`): what another program of the pharmacy sends
 * behind a client's back. Answers the parsed answer envelope.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { loadGatewayOptions } from '../../../src/config/load.js';
import { localTime } from '../../../src/gateway/local-time.js';
import { headerSigner } from '../../../src/gateway/profile/headers.js';
import { resolveGatewayProfile } from '../../../src/gateway/profile/profiles.js';
import { profileSecurity } from '../../../src/gateway/security/from-profile.js';
import { INFVER } from '../../../src/gateway/wire.js';

export async function sendRaw(dir: string, url: string, infno: string, signNo: string, input: unknown): Promise<Record<string, unknown>> {
  const o = await loadGatewayOptions(dir, { url });
  const profile = resolveGatewayProfile(o.profile);
  const now = Date.now();
  const opter = o.opter ?? o.devNo;
  const envelope = {
    infno,
    // Sequence 9xxx: never one the client under test uses.
    msgid: `${o.fixmedinsCode}${localTime(now).compact}9${String(randomInt(1000)).padStart(3, '0')}`,
    mdtrtarea_admvs: o.mdtrtAreaAdmvs,
    insuplc_admdvs: o.mdtrtAreaAdmvs,
    recer_sys_code: 'YBJS',
    dev_no: o.devNo,
    infver: INFVER,
    opter_type: '1',
    opter,
    opter_name: opter,
    inf_time: localTime(now).text,
    fixmedins_code: o.fixmedinsCode,
    fixmedins_name: o.fixmedinsName,
    sign_no: signNo,
    ...(profile.envelopeExtras ? { dev_safe_info: '', cainfo: '', signtype: '' } : {}),
    input,
  };
  const sealed = await profileSecurity(profile, o).seal(envelope as never);
  const headers = (await headerSigner(profile.headerSigning, o.credentials ?? {}, { clock: () => Date.now() })?.headers(infno, undefined)) ?? {};
  const res = await fetch(`${url}${profile.servicePath}`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...sealed.headers, ...headers }, body: Buffer.from(sealed.body) });
  return JSON.parse(await res.text()) as Record<string, unknown>;
}
