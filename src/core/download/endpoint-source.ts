import type { Dispatcher } from 'undici';
import type { RetryPolicy } from '../backoff';
import { indexFileMaxBytes } from './catalog';
import type { CatalogSource } from './catalog';
import { redactUrl, urlFor } from './endpoint';
import { fetchJson } from './http';
import type { Logger } from '../logger';

/** Index documents read straight from the endpoint into memory (they are kilobytes). */
export function endpointSource(endpoint: URL, options: { dispatcher: Dispatcher; retry: RetryPolicy; logger?: Logger; signal?: AbortSignal }): CatalogSource {
  return {
    description: redactUrl(endpoint.href),
    getJson: (urlPath) => fetchJson(urlFor(endpoint, urlPath), { ...options, maxBytes: indexFileMaxBytes }),
  };
}
