/** A driverId: it becomes part of `call_sid` (`EL_{driverId}_{timestamp}`). */
export const DRIVER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
export const DRIVER_ID_RULE = '1-100 letters, digits, or . _ : -';
