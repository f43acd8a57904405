import { redactUrl } from '../download/endpoint';
import { UsageError } from '../errors';
import { optionRemedy } from '../remedy';

/** Points every AWS API client (STS, Pricing, EC2, Budgets, Cost Explorer) at one other server. */
export const awsEndpointEnvVar = 'PRICE_ATLAS_AWS_ENDPOINT';

/**
 * The endpoint override for the AWS API clients: the option, else `PRICE_ATLAS_AWS_ENDPOINT`, else
 * none (the SDK's own per-service, per-region hosts). One URL serves all services because emulators
 * (LocalStack-style) and our test server dispatch on the request itself, not on the host name.
 */
export function resolveAwsEndpoint(option: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const raw = option?.trim() || env[awsEndpointEnvVar]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`AWS endpoint ${JSON.stringify(redactUrl(raw))} is not a URL`, 'give a full URL such as http://localhost:4566', {
      remedy: optionRemedy('awsEndpoint'),
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`AWS endpoint must be http or https, not ${url.protocol}`, 'for example http://localhost:4566', {
      remedy: optionRemedy('awsEndpoint'),
    });
  }
  if (url.username || url.password || url.search || url.hash) {
    // Credentials travel in the signed request, never in the URL; a query would be dropped by the SDK.
    throw new UsageError('AWS endpoint must not carry user info, a query or a fragment', 'for example http://localhost:4566', {
      remedy: optionRemedy('awsEndpoint'),
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    // A signed request carries the access key id and the session token in its headers, and its
    // answer carries account data: in clear text they are anyone's on the way. Loopback never
    // leaves the machine, which is where emulators and the test server run.
    throw new UsageError(
      `AWS endpoint ${url.origin} uses plain http to a host other than this machine, so requests (and the session token) would travel unencrypted`,
      'use https://, or http only for a server on this machine (localhost, 127.0.0.1, [::1])',
      { remedy: optionRemedy('awsEndpoint') },
    );
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * `localhost`, 127.0.0.0/8 and ::1, as the WHATWG URL parser leaves a host name: lower-case, IPv4
 * in dotted decimal (`127.1` and `0x7f.0.0.1` are already `127.0.0.1`), IPv6 in brackets and
 * compressed. Only the name `localhost` itself, not `*.localhost`: some resolvers send those out.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
