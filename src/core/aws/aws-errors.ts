/**
 * AWS SDK errors turned into messages a person can act on: what went wrong, and (as the `hint`)
 * the command or permission that fixes it. AWS's own message is kept only where it adds something,
 * and always passes through the session's redaction first: some services echo the signed request
 * (session token included) in SignatureDoesNotMatch messages.
 */
import { PriceAtlasError } from '../errors';
import { optionRemedy } from '../remedy';
import type { Remedy } from '../remedy';
import { awsTimeoutEnvVar, formatSeconds } from './aws-timeouts';
import type { AwsTimeouts } from './aws-timeouts';

export type AwsErrorKind =
  | 'no-credentials'
  | 'profile-not-found'
  | 'sso-expired'
  | 'expired-token'
  | 'invalid-credentials'
  | 'access-denied'
  | 'region-not-enabled'
  | 'throttled'
  | 'timeout'
  | 'unreachable'
  | 'data-unavailable'
  | 'not-found'
  | 'service';

export class AwsError extends PriceAtlasError {
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    hint: string | undefined,
    /** AWS's error code (AccessDeniedException, ExpiredToken, ...) or the network error code. */
    readonly code: string | undefined,
    /** The IAM action of the call that failed, e.g. budgets:ViewBudget. */
    readonly action: string,
    remedy?: Remedy,
  ) {
    super(message, hint, remedy ? { remedy } : undefined);
  }
}

export interface AwsCallContext {
  /** IAM action, e.g. `ce:GetCostAndUsage`; names the permission when access is denied. */
  action: string;
  /** The profile in use, for hints (`aws sso login --profile X`). */
  profile: string;
  /** Where the request went (EC2's region; us-east-1 for the global services). */
  region: string;
  /** The endpoint override, if any. */
  endpoint?: string;
  /** The limits in force, to say how long was waited. */
  timeouts?: AwsTimeouts;
  /** Makes AWS's own text safe to show: removes the secret key and session token. */
  redact: (text: string) => string;
}

// Regions AWS ships disabled; a request there fails until the account opts in.
const optInRegions = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

export function isOptInRegion(region: string): boolean {
  return optInRegions.has(region);
}

const accessDenied = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError', 'Forbidden']);
const expiredToken = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'InvalidToken']);
const invalidCredentials = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);
// Codes that may mean "this region is switched off for the account" when the region is opt-in.
const maybeRegionDisabled = new Set(['AuthFailure', 'InvalidClientTokenId', 'UnrecognizedClientException']);
const throttled = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  // Cost Explorer's answer to too many requests per second.
  'LimitExceededException',
]);
const networkCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

interface SdkErrorLike {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function errorCode(err: SdkErrorLike): string | undefined {
  for (const value of [err.Code, err.code, err.name]) if (typeof value === 'string' && value !== 'Error') return value;
  return undefined;
}

function networkCode(err: unknown): string | undefined {
  for (let e = err as SdkErrorLike | undefined, depth = 0; e && depth < 4; depth++, e = e.cause as SdkErrorLike | undefined) {
    const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : undefined;
    if (code && networkCodes.has(code)) return code;
  }
  return undefined;
}

/** Which limit a timeout hit: the SDK's TimeoutError (connection or request), or the system's ETIMEDOUT. */
function timeoutOf(err: unknown): 'connect' | 'request' | undefined {
  for (let e = err as SdkErrorLike | undefined, depth = 0; e && depth < 4; depth++, e = e.cause as SdkErrorLike | undefined) {
    if (e.name !== 'TimeoutError' && e.code !== 'ETIMEDOUT') continue;
    const message = typeof e.message === 'string' ? e.message : '';
    return /connect/i.test(message) ? 'connect' : 'request';
  }
  return undefined;
}

function shortMessage(err: SdkErrorLike, redact: (text: string) => string): string {
  const text = typeof err.message === 'string' ? err.message.replace(/\s+/g, ' ').trim() : '';
  const safe = redact(text);
  return safe.length > 300 ? `${safe.slice(0, 300)}…` : safe;
}

const profileFlag = (profile: string): string => (profile === 'default' ? '' : ` --profile ${profile}`); // the AWS CLI's flag

function credentialProviderError(err: SdkErrorLike, ctx: AwsCallContext): AwsError {
  const message = typeof err.message === 'string' ? err.message : '';
  // The class name (CredentialsProviderError) is no AWS error code; nothing to show.
  const code = undefined;
  if (/SSO session|SSO Token|Token is expired|sso login/i.test(message)) {
    return new AwsError(
      'sso-expired',
      `the AWS SSO session for profile "${ctx.profile}" has expired or was never started`,
      `run: aws sso login${profileFlag(ctx.profile)}`,
      code,
      ctx.action,
    );
  }
  if (/Profile .*(was not found|could not be found)|Could not resolve credentials using profile/i.test(message)) {
    return new AwsError(
      'profile-not-found',
      `AWS profile "${ctx.profile}" was not found, or has no credentials, in the shared config and credentials files`,
      'list your profiles with `aws configure list-profiles`, then choose one of them',
      code,
      ctx.action,
      optionRemedy('profile'),
    );
  }
  return new AwsError(
    'no-credentials',
    'no AWS credentials found (looked at the environment, the shared config and credentials files, SSO, and instance/container metadata)',
    'run `aws configure` or `aws sso login --profile NAME` and choose that profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    code,
    ctx.action,
    optionRemedy('profile'),
  );
}

/**
 * The person-facing error for a failed AWS call. Everything in it passes through `ctx.redact`: AWS
 * can put the signed request in the message, and an error code (the SDK error's `name`/`code`,
 * from `__type` or `<Code>`) is text from the server too, so it is not trusted to be free of the
 * session token either.
 */
export function explainAwsError(err: unknown, ctx: AwsCallContext): PriceAtlasError {
  if (err instanceof PriceAtlasError) return err;
  const mapped = explain(err, ctx);
  return new AwsError(
    mapped.kind,
    ctx.redact(mapped.message),
    mapped.hint === undefined ? undefined : ctx.redact(mapped.hint),
    mapped.code === undefined ? undefined : ctx.redact(mapped.code),
    mapped.action,
    mapped.remedy,
  );
}

function explain(err: unknown, ctx: AwsCallContext): AwsError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkErrorLike;
  if (e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError') return credentialProviderError(e, ctx);
  const raw = errorCode(e);
  // Redacted before use, so that every message built from it below is safe by construction.
  const code = raw === undefined ? undefined : ctx.redact(raw);
  const aws = shortMessage(e, ctx.redact);
  const where = ctx.endpoint ? ` at ${ctx.endpoint}` : '';
  const profile = ctx.profile;

  const timeout = timeoutOf(err);
  if (timeout) {
    const ms = timeout === 'connect' ? ctx.timeouts?.connectMs : ctx.timeouts?.requestMs;
    const attempts = e.$metadata?.attempts;
    return new AwsError(
      'timeout',
      `AWS${where} did not answer ${ctx.action}${ms ? ` within ${formatSeconds(ms)}` : ' in time'}${timeout === 'connect' ? ' (no connection)' : ''}${attempts && attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      `check the network${ctx.endpoint ? ` and the AWS endpoint ${ctx.endpoint}` : ''}; ${awsTimeoutEnvVar} sets the limit`,
      // No AWS code: the kind says it all, and errorMessage() would append "(TimeoutError)".
      undefined,
      ctx.action,
      ctx.endpoint ? optionRemedy('awsEndpoint') : undefined,
    );
  }
  const net = networkCode(err);
  if (net) {
    return new AwsError(
      'unreachable',
      `could not reach AWS${where} for ${ctx.action} (${net})`,
      ctx.endpoint
        ? `is the server at ${ctx.endpoint} running? It is the AWS endpoint you set`
        : net === 'ENOTFOUND'
          ? `check the region name "${ctx.region}" and your network or proxy settings`
          : 'check your network or proxy settings, then try again',
      net,
      ctx.action,
      ctx.endpoint ? optionRemedy('awsEndpoint') : undefined,
    );
  }
  if (code && (code === 'OptInRequired' || code === 'RegionDisabledException' || (maybeRegionDisabled.has(code) && isOptInRegion(ctx.region)))) {
    return new AwsError(
      'region-not-enabled',
      `region ${ctx.region} is not enabled for this AWS account (${code})`,
      `enable ${ctx.region} in the AWS console (Account → AWS Regions), or pick another region`,
      code,
      ctx.action,
      optionRemedy('region'),
    );
  }
  if (code && accessDenied.has(code)) {
    return new AwsError(
      'access-denied',
      `AWS denied ${ctx.action} to the identity of profile "${profile}" (${code})`,
      `allow the IAM action ${ctx.action} for that user or role (ask your AWS administrator), or use a profile that has it`,
      code,
      ctx.action,
    );
  }
  if (code && expiredToken.has(code)) {
    return new AwsError(
      'expired-token',
      `the AWS session credentials of profile "${profile}" have expired (${code})`,
      `for an SSO profile run: aws sso login${profileFlag(profile)}; otherwise get new temporary credentials (AWS_SESSION_TOKEN)`,
      code,
      ctx.action,
    );
  }
  if (code === 'RequestExpired' || code === 'RequestTimeTooSkewed' || code === 'SignatureExpired') {
    return new AwsError(
      'invalid-credentials',
      `AWS refused the request as too old (${code})`,
      "set this computer's clock right (AWS allows 5 minutes)",
      code,
      ctx.action,
    );
  }
  if (code && invalidCredentials.has(code)) {
    return new AwsError(
      'invalid-credentials',
      `AWS rejected the credentials of profile "${profile}" (${code})`,
      'check the access key with `aws configure list' + profileFlag(profile) + '` and that it is still active in IAM',
      code,
      ctx.action,
    );
  }
  if (code && throttled.has(code)) {
    const attempts = e.$metadata?.attempts;
    return new AwsError(
      'throttled',
      `AWS kept throttling ${ctx.action}${attempts ? ` (${attempts} attempts)` : ''}: ${code}`,
      'wait a minute and try again, or allow more attempts',
      code,
      ctx.action,
      optionRemedy('maxAttempts'),
    );
  }
  if (code === 'DataUnavailableException') {
    return new AwsError(
      'data-unavailable',
      'Cost Explorer has no data for this account and period yet',
      'Cost Explorer must be enabled once in the Billing console; a new account has data after about 24 hours',
      code,
      ctx.action,
    );
  }
  if (code === 'NotFoundException' || code === 'ResourceNotFoundException') {
    return new AwsError('not-found', `${ctx.action}: not found${aws ? `: ${aws}` : ''}`, undefined, code, ctx.action);
  }
  const status = e.$metadata?.httpStatusCode;
  return new AwsError(
    'service',
    `${ctx.action} failed${code ? `: ${code}` : ''}${aws && aws !== code ? `: ${aws}` : ''}`,
    status !== undefined && status >= 500 ? 'AWS had a problem on its side; try again in a few minutes' : undefined,
    code,
    ctx.action,
  );
}
