/**
 * 3201 facts shared by the client, the journal and the simulator.
 *
 * @module
 */

/** `refd_setl_flag` 1: the totals hold standing sales only (a cancelled sale and its cancel are both left out). */
export const REFD_STANDING_ONLY = '1';
/** `refd_setl_flag` 0: the totals hold every sale and every cancel of the days, a cancel as a negative amount. */
export const REFD_WITH_REFUNDS = '0';
/** 清算类别 41: pharmacy purchases (定点药店购药). */
export const CLR_TYPE_PHARMACY = '41';
