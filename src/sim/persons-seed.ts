/**
 * The insured persons `gateway init` seeds: one per case of the spec, each
 * with a known test PIN. Pure data; `init.ts` writes it to the ledger.
 *
 * @module
 */

export interface PersonSeed {
  case: string;
  name: string;
  sub: string;
  psn_no: string;
  insutype: '310' | '390';
  reg: string;
  pin: string;
  /** Undefined: no personal account (resident insurance). */
  balanceFen: number | undefined;
  frozenOffline?: boolean;
  frozenOnline?: boolean;
  enrolled?: boolean;
  suspended?: boolean;
}

/** `reg` of the local cases is the pharmacy's region. */
export function personSeeds(localReg: string): PersonSeed[] {
  const p = (
    n: number,
    c: string,
    name: string,
    insutype: '310' | '390',
    balanceFen: number | undefined,
    extra: Partial<PersonSeed> = {},
  ): PersonSeed => ({
    case: c,
    name,
    sub: `YBTEST${String(n).padStart(4, '0')}${c.replace(/[^a-z]/g, '').slice(0, 12).toUpperCase()}`,
    psn_no: `${localReg}${String(90000000 + n)}`,
    insutype,
    reg: localReg,
    pin: String(111111 * ((n % 9) + 1)).slice(0, 6),
    balanceFen,
    ...extra,
  });
  return [
    p(1, 'employee', '张*三', '310', 50000),
    p(2, 'low-balance', '李*四', '310', 1000),
    p(3, 'resident', '王*五', '390', undefined),
    p(4, 'frozen-offline', '赵*六', '310', 20000, { frozenOffline: true }),
    p(5, 'frozen-online', '钱*七', '310', 20000, { frozenOnline: true }),
    p(6, 'not-enrolled', '孙*八', '310', undefined, { enrolled: false }),
    p(7, 'mutual-aid-owner', '周*九', '310', 80000),
    p(8, 'mutual-aid-member', '周*小', '390', undefined),
    p(9, 'unbound-payer', '吴*十', '310', 30000),
    p(10, 'family-owner', '郑*一', '310', 60000),
    p(11, 'family-member', '郑*老', '310', 20000),
    p(12, 'cross-region', '冯*京', '310', 40000, { reg: '110100', psn_no: `110100${90000012}` }),
    p(13, 'pin-lock', '陈*锁', '310', 30000),
    p(14, 'suspended', '褚*停', '310', 10000, { suspended: true }),
  ];
}
