import * as path from 'node:path';

/**
 * Loads a sibling bundle on first use. Activation must stay under a few tens of milliseconds, and
 * requiring undici alone costs over 100 ms here, so the network, download and index code (and the
 * IaC recognisers) live in their own bundles next to extension.js and load when first needed.
 * Unbundled (tests), the same names resolve to the compiled modules next to this one.
 */
export function lazy<T>(file: string): () => T {
  let loaded: T | undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate run-time load
    loaded ??= require(path.join(__dirname, file)) as T;
    return loaded;
  };
}
