/**
 * The demo basket the kiosk hands out. A real kiosk takes the basket from
 * the pharmacy system (an order placed at the counter or picked on screen).
 *
 * @module
 */
import type { SaleItem } from 'yibao-pos';

export const DEMO_BASKET: readonly SaleItem[] = [
  { code: 'XJ01CRA045A001010100001', name: '阿莫西林胶囊', qty: 2, priceFen: 1340 },
  { code: 'XM01AEI071A001020104457', name: '布洛芬缓释胶囊', qty: 1, priceFen: 1850 },
];
