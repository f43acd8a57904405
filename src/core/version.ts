// Replaced at bundle time by esbuild (`define`); the fallback serves tests run from tsc output.
declare const PRICE_ATLAS_VERSION: string | undefined;

export const toolVersion: string = typeof PRICE_ATLAS_VERSION === 'string' ? PRICE_ATLAS_VERSION : '0.0.0-dev';
