/**
 * Structured JSON-lines logs. Secrets never reach a line: fields whose names look like credentials
 * are replaced, and strings are scrubbed of AWS key ids, secrets in URLs and signed query strings.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LogRecord extends LogFields {
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  msg: string;
}

const secretKey = /secret|token|password|passwd|authorization|credential|signature|cookie|session/i;
const accessKeyId = /\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g;
// A password may contain '/' when not percent-encoded; over-redacting a rare `host:port/a@b` is the safe side.
const urlUserInfo = /(\b[a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@:]*:[^\s@]*|[^\s/@:]+)@/gi;
const signedQuery = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|AWSAccessKeyId)=)[^&\s"]+/gi;

export function scrubString(value: string): string {
  return value
    .replace(accessKeyId, (_m, prefix: string) => `${prefix}****************`)
    .replace(urlUserInfo, '$1')
    .replace(signedQuery, '$1[redacted]');
}

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value instanceof Error) return scrubString(value.message);
  if (value === null || typeof value !== 'object' || depth > 5) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = secretKey.test(key) ? '[redacted]' : scrub(item, depth + 1);
  }
  return out;
}

export function parseLogLevel(value: string): LogLevel | undefined {
  const lower = value.toLowerCase();
  return (logLevels as readonly string[]).includes(lower) ? (lower as LogLevel) : undefined;
}

export interface JsonLoggerOptions {
  level: LogLevel;
  write: (line: string) => void;
  now?: () => Date;
  fields?: LogFields;
}

export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const threshold = rank[options.level];
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const emit = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void => {
    if (rank[level] < threshold) return;
    const record = { time: now().toISOString(), level, msg: scrubString(msg), ...(scrub({ ...base, ...fields }) as LogFields) };
    options.write(JSON.stringify(record) + '\n');
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createJsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
