/** Bundles the server into .build/; resolves with the time it took in ms. */
export function buildServer(): Promise<number>;
