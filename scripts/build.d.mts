/** Bundles the server into .build/<name>/ (default "app"); resolves with the time it took in ms. */
export function buildServer(name?: string): Promise<number>;
