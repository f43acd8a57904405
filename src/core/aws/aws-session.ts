/**
 * One place that builds the AWS SDK clients for a run: the same credentials, endpoint override,
 * retry strategy and timeouts for all of them, errors mapped to messages with hints, a count of
 * the requests each action made, and redaction of the secrets the credentials carry. Everything
 * it depends on (endpoint, credentials, environment, logger) is passed in, so tests point it at a
 * local server.
 */
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PricingClient } from '@aws-sdk/client-pricing';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { scrubString, silentLogger } from '../logger';
import type { Logger } from '../logger';
import { activeProfileName, awsConfigPaths, listProfiles } from './aws-config-files';
import { resolveAwsEndpoint } from './aws-endpoint';
import { optionRemedy } from '../remedy';
import { AwsError, explainAwsError } from './aws-errors';
import { createAwsRetryStrategy, defaultAwsMaxAttempts } from './aws-retry';
import { resolveDefaultRegion } from './default-region';
import { defaultCredentialProvider } from './credentials';
import type { AwsCredentialProvider } from './credentials';
import { pricingApiRegion } from './pricing-api-region';
import { resolveAwsTimeouts } from './aws-timeouts';

export interface AwsSessionOptions {
  /** A named profile (`--profile`); else AWS_PROFILE; else the default chain. */
  profile?: string;
  /** The region for regional calls (EC2). Else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1 (default-region.ts). */
  region?: string;
  /** What `region` is called where it came from, for messages (the CLI: `--region`). */
  regionName?: string;
  /** Endpoint override for every client (`--aws-endpoint`); else PRICE_ATLAS_AWS_ENDPOINT. */
  endpoint?: string;
  /**
   * Where AWS_REGION, the endpoint variable and the shared-file locations are read from; default
   * process.env. (The SDK's credential chain itself also reads AWS_PROFILE and AWS_ACCESS_KEY_ID
   * and friends from process.env.)
   */
  env?: NodeJS.ProcessEnv;
  /** Injected credentials; default the SDK's chain for `profile`. */
  credentials?: AwsCredentialProvider;
  /** Attempts per request including the first (throttling, 5xx, network); default 5. */
  maxAttempts?: number;
  retryMinDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Until the connection is up; default 10 s, or PRICE_ATLAS_AWS_TIMEOUT_MS when shorter. */
  connectTimeoutMs?: number;
  /** Per attempt, from sending to the end of the answer; default PRICE_ATLAS_AWS_TIMEOUT_MS, else 60 s. */
  requestTimeoutMs?: number;
  logger?: Logger;
}

export interface AwsSession {
  /** The profile name used in hints: the option, AWS_PROFILE or `default`. */
  readonly profile: string;
  readonly region: string;
  /** Where the global services (Budgets, Cost Explorer, STS) are called: us-east-1 outside China and GovCloud. */
  readonly globalRegion: string;
  readonly endpoint: string | undefined;
  /** Pricing API client at the Pricing endpoint nearest to `priceRegion` (the API lives in 3 regions). */
  pricing(priceRegion?: string): PricingClient;
  ec2(region?: string): EC2Client;
  /** Budgets, Cost Explorer and STS are global: one endpoint per partition. */
  budgets(): BudgetsClient;
  costExplorer(): CostExplorerClient;
  sts(): STSClient;
  /**
   * Runs one SDK request: logs it, counts its attempts under `action`, and turns a failure into a
   * PriceAtlasError with a hint. `action` is the IAM action the request needs (budgets:ViewBudget).
   */
  call<T>(action: string, region: string, send: () => Promise<T>): Promise<T>;
  /** HTTP requests made so far (retries included) for one action, or for all. */
  requestCount(action?: string): number;
  /** Removes the secret access key and session token of the credentials in use (and key ids) from text. */
  redact(text: string): string;
  /** Closes the clients' connections. */
  close(): void;
}

/** The region of the partition's global endpoints (Budgets, Cost Explorer, STS here). */
export function globalRegionFor(region: string): string {
  if (region.startsWith('cn-')) return 'cn-northwest-1';
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

export async function openAwsSession(options: AwsSessionOptions = {}): Promise<AwsSession> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const profile = activeProfileName(options.profile, env);
  const { code: region } = await resolveDefaultRegion({
    explicit: options.region,
    ...(options.regionName && { explicitName: options.regionName }),
    profile,
    env,
  });
  const endpoint = resolveAwsEndpoint(options.endpoint, env);
  const timeouts = resolveAwsTimeouts(options, env);
  const globalRegion = globalRegionFor(region);

  // Remember what must never be shown, the moment the SDK asks for it.
  const secrets = new Set<string>();
  const provider =
    options.credentials ??
    defaultCredentialProvider({
      ...(options.profile ? { profile: options.profile } : {}),
      env,
      region: globalRegion,
      ...(endpoint ? { endpoint } : {}),
      logger,
    });
  const namedProfile = options.profile?.trim() || env.AWS_PROFILE?.trim();
  const credentials: AwsCredentialProvider = async () => {
    let c;
    try {
      c = await provider();
    } catch (err) {
      // The chain reports a misspelt profile as "no credentials from any provider"; say which it is.
      if (!options.credentials && namedProfile && !(await listProfiles(env).catch(() => [])).some((p) => p.name === namedProfile)) {
        const paths = awsConfigPaths(env);
        throw new AwsError(
          'profile-not-found',
          `AWS profile "${namedProfile}" is not in ${paths.config} or ${paths.credentials}`,
          'list your profiles with `aws configure list-profiles`, then choose one of them',
          undefined,
          'credentials',
          optionRemedy('profile'),
        );
      }
      throw err;
    }
    for (const s of [c.secretAccessKey, c.sessionToken]) if (s && s.length >= 4) secrets.add(s);
    return c;
  };
  const redact = (text: string): string => {
    let out = text;
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return scrubString(out);
  };

  const maxAttempts = options.maxAttempts ?? defaultAwsMaxAttempts;
  const common = (clientRegion: string, service: string) => ({
    region: clientRegion,
    credentials,
    maxAttempts,
    retryStrategy: createAwsRetryStrategy({
      maxAttempts,
      ...(options.retryMinDelayMs !== undefined ? { minDelayMs: options.retryMinDelayMs } : {}),
      ...(options.retryMaxDelayMs !== undefined ? { maxDelayMs: options.retryMaxDelayMs } : {}),
      // The code comes from the server's answer: redacted like its message.
      onRetry: (r) =>
        logger.warn('AWS request failed, retrying', {
          service,
          region: clientRegion,
          ...(r.code ? { code: redact(r.code) } : {}),
          errorType: r.errorType,
          retry: r.retry,
          delayMs: r.delayMs,
        }),
    }),
    // throwOnRequestTimeout: without it the SDK only prints a warning to the console and waits on.
    requestHandler: new NodeHttpHandler({ connectionTimeout: timeouts.connectMs, requestTimeout: timeouts.requestMs, throwOnRequestTimeout: true }),
    ...(endpoint ? { endpoint } : {}),
  });

  const clients = new Map<string, { destroy(): void }>();
  const cached = <C extends { destroy(): void }>(key: string, make: () => C): C => {
    let client = clients.get(key) as C | undefined;
    if (!client) clients.set(key, (client = make()));
    return client;
  };
  const counts = new Map<string, number>();

  return {
    profile,
    region,
    globalRegion,
    endpoint,
    pricing: (priceRegion = region) => {
      const at = pricingApiRegion(priceRegion);
      return cached(`pricing:${at}`, () => new PricingClient(common(at, 'pricing')));
    },
    ec2: (ec2Region = region) => cached(`ec2:${ec2Region}`, () => new EC2Client(common(ec2Region, 'ec2'))),
    budgets: () => cached('budgets', () => new BudgetsClient(common(globalRegion, 'budgets'))),
    costExplorer: () => cached('ce', () => new CostExplorerClient(common(globalRegion, 'ce'))),
    sts: () => cached('sts', () => new STSClient(common(globalRegion, 'sts'))),
    async call<T>(action: string, callRegion: string, send: () => Promise<T>): Promise<T> {
      const count = (attempts: number | undefined): void => {
        counts.set(action, (counts.get(action) ?? 0) + (attempts ?? 1));
      };
      logger.debug('AWS request', { action, region: callRegion, ...(endpoint ? { endpoint } : {}) });
      try {
        const out = await send();
        count((out as { $metadata?: { attempts?: number } })?.$metadata?.attempts);
        return out;
      } catch (err) {
        // Credentials are resolved before anything is sent: those failures cost no request.
        const name = (err as { name?: unknown })?.name;
        const credentialFailure =
          name === 'CredentialsProviderError' || name === 'TokenProviderError' || (err instanceof AwsError && err.action === 'credentials');
        if (!credentialFailure) count((err as { $metadata?: { attempts?: number } })?.$metadata?.attempts);
        const mapped = explainAwsError(err, { action, profile, region: callRegion, ...(endpoint ? { endpoint } : {}), timeouts, redact });
        logger.debug('AWS request failed', { action, region: callRegion, error: redact(mapped.message) });
        throw mapped;
      }
    },
    requestCount: (action) => (action === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(action) ?? 0)),
    redact,
    close: () => {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}
