// @ts-check
// The kiosk's client of the shared API toolkit: while printing is busy (503) a request is asked again after the
// server's Retry-After, with a note on screen, before the error banner shows.
import { createApi } from '../shared/api.js';
import { showBusy } from './ui.js';

/** How often a request refused as busy is asked again. */
const BUSY_RETRIES = 6;

export const api = createApi({ busyRetries: BUSY_RETRIES, onBusy: showBusy });
