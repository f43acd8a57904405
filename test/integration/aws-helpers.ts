// Shared set-up for the AWS tests: an isolated environment (never the user's ~/.aws, never the
// instance metadata service, never real AWS), distinctive fake credentials that leak tests look
// for, a fixed clock, and a session pointed at the local server with millisecond retry waits.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AwsError } from '../../src/core/aws/aws-errors';
import type { AwsErrorKind } from '../../src/core/aws/aws-errors';
import { openAwsSession } from '../../src/core/aws/aws-session';
import type { AwsSession, AwsSessionOptions } from '../../src/core/aws/aws-session';
import type { SpotPriceData } from '../fakes/aws-fake-data';
import { startAwsServer } from '../fakes/aws-server';
import type { AwsServer, AwsServerOptions } from '../fakes/aws-server';
import { tempDir } from './helpers';
import type { Remedy } from '../../src/core/remedy';

// The SDK would otherwise try 169.254.169.254 when no other credentials exist, and print a
// Node-version notice on first use; neither belongs in a test run.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const fixedNow = new Date('2026-11-23T12:00:00Z');

// Distinctive values: if any of them shows up in an output, a log or an error, it leaked.
export const fakeKeyId = 'AKIAPRICEATLASTEST01';
export const fakeSecret = 'pa-test-SECRET-wJalrXUtnFEMI-K7MDENG-bPxRfiCY';
export const fakeSessionToken = 'pa-test-SESSIONTOKEN-IQoJb3JpZ2luX2VjEHAaCXVzLWVhc3QtMSJHMEUCIQ';

export const testCredentials = async (): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> => ({
  accessKeyId: fakeKeyId,
  secretAccessKey: fakeSecret,
  sessionToken: fakeSessionToken,
});

/** A HOME with empty shared files, and the variables that keep the SDK local. */
export function isolatedAwsEnv(files: { config?: string; credentials?: string } = {}): NodeJS.ProcessEnv {
  const home = tempDir('aws-home');
  mkdirSync(path.join(home, '.aws'), { recursive: true });
  const config = path.join(home, '.aws', 'config');
  const credentials = path.join(home, '.aws', 'credentials');
  writeFileSync(config, files.config ?? '');
  writeFileSync(credentials, files.credentials ?? '');
  return {
    HOME: home,
    USERPROFILE: home,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Environment for the CLI child: isolated files plus the fake credentials, and no inherited AWS settings. */
export function cliAwsEnv(
  server: AwsServer | undefined,
  extra: NodeJS.ProcessEnv = {},
  files: { config?: string; credentials?: string } = {},
): NodeJS.ProcessEnv {
  return {
    ...isolatedAwsEnv(files),
    AWS_PROFILE: '',
    AWS_DEFAULT_PROFILE: '',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_ACCESS_KEY_ID: fakeKeyId,
    AWS_SECRET_ACCESS_KEY: fakeSecret,
    AWS_SESSION_TOKEN: fakeSessionToken,
    AWS_ROLE_ARN: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    PRICE_ATLAS_AWS_ENDPOINT: server?.url ?? '',
    XDG_CACHE_HOME: tempDir('xdg-cache'),
    ...extra,
  };
}

/** A session on the local server with fast retries; injected credentials unless told otherwise. */
export function openTestSession(server: AwsServer, options: AwsSessionOptions = {}): Promise<AwsSession> {
  return openAwsSession({
    endpoint: server.url,
    env: isolatedAwsEnv(),
    credentials: testCredentials,
    region: 'us-east-1',
    retryMinDelayMs: 1,
    retryMaxDelayMs: 5,
    ...options,
  });
}

/** Runs `body` with some process.env variables set (the SDK's credential chain reads process.env), then restores them. */
export async function withProcessEnv<T>(vars: NodeJS.ProcessEnv, body: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(vars)) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await body();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Expects an AwsError of `kind` whose message and hint match. Returns it for more checks. */
export async function expectAwsError(
  promise: Promise<unknown>,
  kind: AwsErrorKind,
  expected: { message?: RegExp; hint?: RegExp; remedy?: Remedy } = {},
): Promise<AwsError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(
    caught instanceof AwsError,
    `expected an AwsError (${kind}), got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`,
  );
  assert.equal(caught.kind, kind, `kind of "${caught.message}"`);
  if (expected.message) assert.match(caught.message, expected.message);
  if (expected.hint) assert.match(caught.hint ?? '', expected.hint);
  if (expected.remedy) assert.deepEqual(caught.remedy, expected.remedy);
  for (const secret of [fakeSecret, fakeSessionToken]) {
    assert.ok(!caught.message.includes(secret) && !(caught.hint ?? '').includes(secret), 'no secret in the error');
  }
  return caught;
}

/** The expected summary, computed straight from the server's data (not with the code under test). */
export function expectedSpot(
  points: readonly SpotPriceData[],
  size: string,
  region: string,
  product: string,
  now: Date,
  days = 7,
): Record<string, { current: number; min: number; max: number }> {
  const start = now.getTime() - days * 86_400_000;
  const byZone: Record<string, SpotPriceData[]> = {};
  for (const p of points) {
    if (p.InstanceType !== size || p.ProductDescription !== product || !p.AvailabilityZone.startsWith(region) || p.Timestamp.getTime() > now.getTime())
      continue;
    (byZone[p.AvailabilityZone] ??= []).push(p);
  }
  const out: Record<string, { current: number; min: number; max: number }> = {};
  for (const [zone, list] of Object.entries(byZone)) {
    const inside = list.filter((p) => p.Timestamp.getTime() >= start);
    const before = list.filter((p) => p.Timestamp.getTime() < start).sort((a, b) => b.Timestamp.getTime() - a.Timestamp.getTime())[0];
    const effective = before ? [...inside, before] : inside;
    const latest = effective.reduce((a, b) => (b.Timestamp > a.Timestamp ? b : a));
    const prices = effective.map((p) => Number(p.SpotPrice));
    out[zone] = { current: Number(latest.SpotPrice), min: Math.min(...prices), max: Math.max(...prices) };
  }
  return out;
}

/**
 * The hooks every SDK suite needs: one local AWS server (on the fixed clock unless `options` says
 * otherwise) and a session on it for the whole suite, faults and request records cleared before
 * each test. `use` receives them once they exist.
 */
export function useAwsServer(options: AwsServerOptions, use: (server: AwsServer, session: AwsSession) => void): void {
  let server: AwsServer | undefined;
  let session: AwsSession | undefined;
  before(async () => {
    server = await startAwsServer({ now: () => fixedNow, ...options });
    session = await openTestSession(server);
    use(server, session);
  });
  after(async () => {
    session?.close();
    await server?.close();
  });
  beforeEach(() => {
    server!.clearFaults();
    server!.requests.length = 0;
  });
}
