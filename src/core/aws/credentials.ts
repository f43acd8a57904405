/**
 * Credentials the way the AWS CLI finds them (the SDK's default chain: environment, shared config
 * and credentials files, SSO, credential_process, web identity, container and instance metadata),
 * with the shared files taken from the given environment so a caller can point them elsewhere.
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Logger } from '../logger';
import { awsConfigPaths } from './aws-config-files';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** What every client here accepts; the SDK calls it when it signs, and caches the answer until it expires. */
export type AwsCredentialProvider = () => Promise<AwsCredentials>;

export interface DefaultCredentialOptions {
  /**
   * A named profile; when unset the chain starts with the environment, then `AWS_PROFILE`/default.
   * Note: the SDK's chain reads AWS_PROFILE, AWS_ACCESS_KEY_ID and friends from process.env itself;
   * `env` decides only where the shared files are.
   */
  profile?: string;
  env: NodeJS.ProcessEnv;
  /** Region for the STS calls of assume-role profiles. */
  region?: string;
  /** Endpoint override, so assume-role profiles also talk to an emulator instead of AWS. */
  endpoint?: string;
  /** Where the chain's warnings go (else the SDK prints them to the console). */
  logger?: Logger;
}

export function defaultCredentialProvider(options: DefaultCredentialOptions): AwsCredentialProvider {
  const paths = awsConfigPaths(options.env);
  const clientConfig: Record<string, string> = {};
  if (options.region) clientConfig.region = options.region;
  if (options.endpoint) clientConfig.endpoint = options.endpoint;
  const chain = fromNodeProviderChain({
    ...(options.profile ? { profile: options.profile } : {}),
    filepath: paths.credentials,
    configFilepath: paths.config,
    clientConfig,
    // Only warnings (e.g. "both AWS_PROFILE and AWS_ACCESS_KEY_ID are set"); the chain's debug lines are noise.
    ...(options.logger ? { logger: chainLogger(options.logger) } : {}),
  });
  return () => chain();
}

/** The SDK logger shape, as a class: the chain ignores loggers whose constructor is named NoOpLogger. */
class ChainLogger {
  constructor(private readonly logger: Logger) {}
  debug(): void {}
  info(): void {}
  trace(): void {}
  warn(...content: unknown[]): void {
    this.logger.warn('AWS credentials', { detail: content.map(String).join(' ').replace(/\s+/g, ' ').trim() });
  }
  error(...content: unknown[]): void {
    this.logger.warn('AWS credentials', { detail: content.map(String).join(' ').replace(/\s+/g, ' ').trim() });
  }
}

function chainLogger(logger: Logger): ChainLogger {
  return new ChainLogger(logger);
}
