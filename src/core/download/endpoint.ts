import { UsageError } from '../errors';
import { optionRemedy } from '../remedy';

export const defaultEndpoint = 'https://pricing.us-east-1.amazonaws.com';
export const endpointEnvVar = 'PRICE_ATLAS_ENDPOINT';

/**
 * The endpoint to read price lists from: the flag, else `PRICE_ATLAS_ENDPOINT`, else AWS. A team
 * mirror may live under a path prefix (`https://files.example.com/pricing`); index URLs are
 * appended to it.
 */
export function resolveEndpoint(flag?: string, env: NodeJS.ProcessEnv = process.env): URL {
  const raw = flag?.trim() || env[endpointEnvVar]?.trim() || defaultEndpoint;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`endpoint ${JSON.stringify(redactUrl(raw))} is not a URL`, `give a full URL such as ${defaultEndpoint}`, {
      remedy: optionRemedy('endpoint'),
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`endpoint must be http or https, not ${url.protocol}`, `for example ${defaultEndpoint}`, { remedy: optionRemedy('endpoint') });
  }
  if (url.search || url.hash) {
    throw new UsageError('endpoint must not have a query or fragment', `for example ${defaultEndpoint}`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** The absolute URL of an index path (`/offers/...`) on an endpoint, keeping the endpoint's prefix. */
export function urlFor(endpoint: URL, urlPath: string): string {
  const base = endpoint.href.replace(/\/+$/, '');
  return base + urlPath;
}

/** A URL fit for logs and errors: no user info, no query (pre-signed URLs carry signatures there). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    const query = parsed.search ? '?…' : '';
    parsed.search = '';
    return parsed.href + query;
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '?…');
  }
}
