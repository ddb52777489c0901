/** Bundles the server into .build/<name>/ (default "app"); resolves with the time it took in ms. */
export function buildServer(name?: string): Promise<number>;
/** True when .build/app is missing or older than any source file. */
export function bundleIsStale(): boolean;
/** The project folder. */
export const root: string;
