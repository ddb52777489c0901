// Stands in for fontkit's Brotli decoder in the server bundle (scripts/build.mjs): Volya bundles TrueType fonts
// only, and WOFF2 is the one format that needs Brotli.
export default function decompress() {
  throw new Error('WOFF2 fonts are not supported: Volya bundles TrueType fonts');
}
