/**
 * The local (China Standard Time) day and hour of an instant, as the gateway
 * counts a settlement's day.
 *
 * @module
 */
import { localTime } from '../gateway/local-time.js';

export const localDay = (ms: number): string => localTime(ms).text.slice(0, 10);
