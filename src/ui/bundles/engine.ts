/**
 * Entry point of dist/engine.js: the heavy parts the extension loads on first use (see lazy.ts).
 * Not a barrel for imports: only `lazy('engine.js')` loads it, and callers import its types.
 */
export { runDownload } from '../../core/download/download-run';
export { createDispatcher } from '../../core/download/http';
export { endpointSource } from '../../core/download/endpoint-source';
export { buildIndex } from '../../core/prices/write/build-index';
export { findMirrorOfferFiles } from '../../core/prices/write/index-offer-file';
