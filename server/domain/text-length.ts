/**
 * The one measure of a text's length, shared with the kiosk's counter (public/shared/text-length.js, which the
 * browser loads as it is): the preview, the queue and print runs refuse exactly what the counter shows as too long.
 */
export { textLength } from '../../public/shared/text-length.js';
