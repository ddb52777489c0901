// @ts-check
/**
 * How long a letter or postcard text is: characters (code points) of the trimmed text, so 🙂 counts as one and
 * trailing blank lines count as nothing. The kiosk's counter and the server's limits both use this one function.
 * @param {string} text
 * @returns {number}
 */
export function textLength(text) {
  return [...text.trim()].length;
}
