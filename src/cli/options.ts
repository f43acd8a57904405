// The CLI's options, declared once: each is a commander Option that parses (with the range and choice
// checks and their messages) and documents itself in `price-atlas <command> --help`. The options
// several commands share (--json, --store, --region, the AWS and network options) are made here.
import { Option } from 'commander';
import { defaultRetryPolicy } from '../core/backoff';
import { defaultAwsMaxAttempts } from '../core/aws/aws-retry';
import { defaultEndpoint, endpointEnvVar } from '../core/download/endpoint';
import { defaultTimeouts } from '../core/download/http';
import { UsageError } from '../core/errors';
import { logLevels, parseLogLevel } from '../core/logger';
import type { LogLevel } from '../core/logger';
import { hoursPerMonthDefault } from '../core/prices/price-math';

export interface NumberRange {
  min: number;
  max: number;
  integer?: boolean;
}

/** The name an error message gives an option: its long flag (every option here has one). */
function flagOf(option: Option): string {
  return option.long ?? option.flags;
}

/**
 * An option that takes one value. A value that is itself a long option (`--store --json`) is a
 * forgotten value, not a folder named "--json": refused, as the hand parser did.
 */
export function valueOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  return option.argParser((raw: string) => {
    if (raw.startsWith('--')) throw new UsageError(`${flagOf(option)} needs a value`, `give it one: ${option.flags}`);
    return raw;
  });
}

/** A number in its unit (seconds, count), refused outside `range` with the range in the message. */
export function numberOption(flags: string, description: string, range: NumberRange, fallback?: number): Option {
  const option = new Option(flags, description);
  option.argParser((raw: string) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || (range.integer && !Number.isInteger(value)) || value < range.min || value > range.max) {
      throw new UsageError(
        `${flagOf(option)} must be ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}, not ${JSON.stringify(raw)}`,
      );
    }
    return value;
  });
  return fallback === undefined ? option : option.default(fallback);
}

/** One of `choices`; commander's own `.choices()` would word the refusal differently from the other checks. */
export function choiceOption<T extends string>(flags: string, description: string, choices: readonly T[], fallback: T): Option {
  const option = new Option(flags, description);
  option.argParser((raw: string) => {
    if (!(choices as readonly string[]).includes(raw))
      throw new UsageError(`${flagOf(option)} must be one of ${choices.join(', ')}, not ${JSON.stringify(raw)}`);
    return raw as T;
  });
  // Read by the help, which then lists them next to the default.
  option.argChoices = [...choices];
  return option.default(fallback);
}

/**
 * One or more values, space- or comma-separated, and repeatable: `--regions a b`, `--regions=a,b`,
 * `--regions a --regions b` all give [a, b]. The values run up to the next argument that starts with `-`.
 */
export function listOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  return option.argParser((raw: string, previous: string[] | undefined) => {
    const items = raw
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (items.length === 0 && previous === undefined) throw new UsageError(`${flagOf(option)} needs at least one value`);
    return [...(previous ?? []), ...items];
  });
}

export const jsonOption = (): Option => new Option('--json', 'machine-readable output on stdout');

export function logLevelOption(): Option {
  const option = new Option('--log-level <level>', `JSON-lines logs on stderr: ${logLevels.join(', ')}; default warn on a terminal, else info`);
  return option.argParser((raw: string): LogLevel => {
    const level = parseLogLevel(raw);
    if (!level) throw new UsageError(`--log-level must be one of ${logLevels.join(', ')}, not ${JSON.stringify(raw)}`);
    return level;
  });
}

export const storeOption = (description = 'the price index folder; default ./.aws-pricing/.index, or $PRICE_ATLAS_STORE'): Option =>
  valueOption('--store <dir>', description);
export const regionOption = (description: string): Option => valueOption('--region <region>', description);
export const defaultRegionHelp = "default $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region, else us-east-1";
export const hoursPerMonthOption = (): Option =>
  numberOption('--hours-per-month <hours>', 'hours in a month for monthly costs', { min: 1, max: 744 }, hoursPerMonthDefault);
export const progressOptions = (): Option[] => [
  new Option('--progress', 'show the progress line (default: only on a terminal, without --json)'),
  new Option('--no-progress', 'no progress line'),
];

/** What the options of the commands that read AWS's public price lists give (`withCatalog`, `download`). */
export interface EndpointOptions {
  endpoint?: string;
  logLevel?: LogLevel;
  retries: number;
  retryMinWait: number;
  retryMaxWait: number;
  connectTimeout: number;
  readTimeout: number;
}

export function endpointOptions(): Option[] {
  return [
    valueOption('--endpoint <url>', `where price lists are read from; default ${defaultEndpoint}, or $${endpointEnvVar}; any mirror works`),
    numberOption('--retries <n>', 'retries per file on network errors and 429/5xx answers', { min: 0, max: 100, integer: true }, defaultRetryPolicy.retries),
    numberOption(
      '--retry-min-wait <seconds>',
      'shortest wait before a retry (exponential backoff, full jitter)',
      { min: 0, max: 3600 },
      defaultRetryPolicy.minDelayMs / 1000,
    ),
    numberOption('--retry-max-wait <seconds>', 'longest wait before a retry', { min: 0, max: 3600 }, defaultRetryPolicy.maxDelayMs / 1000),
    numberOption('--connect-timeout <seconds>', 'time to connect', { min: 0.1, max: 600 }, defaultTimeouts.connectMs / 1000),
    numberOption('--read-timeout <seconds>', 'longest silence while reading', { min: 0.1, max: 3600 }, defaultTimeouts.readMs / 1000),
    logLevelOption(),
  ].map((o) => o.helpGroup('Network options:'));
}

/** What the options of the commands that talk to an AWS account give (`withSession`). */
export interface AwsOptions {
  profile?: string;
  region?: string;
  awsEndpoint?: string;
  maxAttempts: number;
  logLevel?: LogLevel;
}

export function awsOptions(): Option[] {
  return [
    valueOption('--profile <name>', 'a profile from ~/.aws/config or credentials; default $AWS_PROFILE, then the default chain'),
    regionOption(defaultRegionHelp),
    valueOption(
      '--aws-endpoint <url>',
      'one other server for every AWS API (an emulator), or $PRICE_ATLAS_AWS_ENDPOINT; https, or http only to this machine (localhost, 127.0.0.1, [::1])',
    ),
    numberOption(
      '--max-attempts <n>',
      'attempts per request (throttling, 5xx, network, timeouts); each may take $PRICE_ATLAS_AWS_TIMEOUT_MS ms, default 60000',
      { min: 1, max: 20, integer: true },
      defaultAwsMaxAttempts,
    ),
    logLevelOption(),
  ].map((o) => o.helpGroup('AWS account options (credentials as for the AWS CLI):'));
}
