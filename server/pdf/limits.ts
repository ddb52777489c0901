/**
 * Text limits shared by the web routes and the PDF engine, in a module of their own so the routes can check a
 * request without loading the engine (pdf-lib, fonts, hyphenation) on the web thread.
 */

/** Longest letter body accepted (about 8 pages): longer texts are refused before rendering. */
export const MAX_LETTER_CHARS = 20_000;

/** Longest postcard message accepted; the handwriting face shrinks to fit down to 9 pt. */
export const MAX_POSTCARD_CHARS = 600;
