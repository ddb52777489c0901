/**
 * Size limits shared by the routes, the services and the PDF engine, in a module of their own so a request can be
 * checked without loading the engine (pdf-lib, fonts, hyphenation) on the web thread.
 */

/** Longest letter body accepted (about 8 pages): longer texts are refused before rendering. */
export const MAX_LETTER_CHARS = 20_000;

/** Longest postcard message accepted; the handwriting face shrinks to fit down to 9 pt. */
export const MAX_POSTCARD_CHARS = 600;

/** Most people one request may print for (a label or envelope run for a whole list). */
export const MAX_PEOPLE_PER_REQUEST = 500;

/** Decoded size limit of a postcard picture file. */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;

/** Most pixels of a PNG picture: it is decoded to 4 bytes a pixel, so a small file must not claim a huge image. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** Most bytes a PNG picture may take once decoded (width × height × channels × bytes per sample): 32 MB. */
export const MAX_IMAGE_DECODED_BYTES = 32 * 1024 * 1024;

/** Budgets of picture bytes (a picture's file size, as its data URL decodes). */
export interface PictureBudgets {
  /** What one phone may add to the print queue per 10 minutes. */
  phoneBytesPer10Min: number;
  /** What one print run draws at most; what is beyond waits in the queue for the next run. */
  runBytes: number;
}

/** Four pictures of the largest size per phone per 10 minutes; sixteen per run. Why: docs/reliability.md#heavy-pictures. */
export const PICTURE_BUDGETS: PictureBudgets = {
  phoneBytesPer10Min: 12 * 1024 * 1024,
  runBytes: 48 * 1024 * 1024,
};

/** Paged lists: rows per page unless asked, and the most a client may ask for. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
