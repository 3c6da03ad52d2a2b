/**
 * The one province this deployment serves. A module of its own so that a function needing only
 * the code (the bulletin check, the annual scores) does not load the monthly run and its imports.
 */
export const PROVINCE = '51';
