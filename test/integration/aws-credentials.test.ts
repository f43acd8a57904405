import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openAwsSession } from '../../src/core/aws/aws-session';
import { getCallerIdentity } from '../../src/core/aws/caller-identity';
import { startAwsServer } from '../fakes/aws-server';
import type { AwsServer } from '../fakes/aws-server';
import { expectAwsError, fakeKeyId, fixedNow, isolatedAwsEnv, openTestSession, withProcessEnv } from './aws-helpers';

// The SDK's credential chain reads AWS_* from process.env; each test sets exactly what it needs.
const cleanProcessEnv: NodeJS.ProcessEnv = {
  AWS_PROFILE: undefined,
  AWS_DEFAULT_PROFILE: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_ROLE_ARN: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('AWS credentials and identity (SDK against the local server)', function () {
  this.timeout(30_000);
  let server: AwsServer;

  before(async () => {
    server = await startAwsServer({ now: () => fixedNow });
  });
  after(() => server.close());
  beforeEach(() => {
    server.clearFaults();
    server.requests.length = 0;
  });

  /** A session on the SDK's default chain (no injected credentials), with the isolated files. */
  const chainSession = async (env: NodeJS.ProcessEnv, profile?: string, processVars: NodeJS.ProcessEnv = {}) => {
    return withProcessEnv(
      {
        ...cleanProcessEnv,
        HOME: env.HOME,
        AWS_CONFIG_FILE: env.AWS_CONFIG_FILE,
        AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE,
        ...processVars,
      },
      async () => {
        const session = await openAwsSession({ endpoint: server.url, env, ...(profile ? { profile } : {}), retryMinDelayMs: 1, retryMaxDelayMs: 5 });
        try {
          return { identity: await getCallerIdentity(session), session };
        } finally {
          session.close();
        }
      },
    );
  };

  it('gets the account id with STS GetCallerIdentity (awsQuery, signed for sts in us-east-1)', async () => {
    const session = await openTestSession(server);
    try {
      assert.deepEqual(await getCallerIdentity(session), {
        accountId: '123456789012',
        arn: 'arn:aws:iam::123456789012:user/price-atlas-test',
        userId: 'AIDAEXAMPLEUSERID0001',
      });
    } finally {
      session.close();
    }
    const [req] = server.requests;
    assert.equal(req!.operation, 'sts:GetCallerIdentity');
    assert.equal(req!.protocol, 'query');
    assert.deepEqual([req!.signingService, req!.signingRegion, req!.accessKeyId, req!.sessionToken], ['sts', 'us-east-1', fakeKeyId, true]);
    assert.deepEqual(req!.params, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
  });

  it('uses environment credentials through the default chain', async () => {
    const env = isolatedAwsEnv();
    const result = await chainSession(env, undefined, { AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENTKEY01', AWS_SECRET_ACCESS_KEY: 'env-secret' });
    assert.equal(result.identity.accountId, '123456789012');
    assert.equal(server.requests[0]!.accessKeyId, 'AKIAENVIRONMENTKEY01');
  });

  it('uses a named profile from the shared files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), and its region', async () => {
    const env = isolatedAwsEnv({
      config: '[profile team]\nregion = eu-west-1\n',
      credentials: '[team]\naws_access_key_id = AKIAPROFILEKEYTEAM01\naws_secret_access_key = team-secret\n',
    });
    const result = await chainSession(env, 'team');
    assert.equal(result.session.region, 'eu-west-1');
    assert.equal(server.requests[0]!.accessKeyId, 'AKIAPROFILEKEYTEAM01');
  });

  it('says "no credentials" with what to run when the chain finds none', async () => {
    await expectAwsError(chainSession(isolatedAwsEnv()), 'no-credentials', { message: /no AWS credentials found/, hint: /aws configure|aws sso login/ });
    assert.equal(server.requests.length, 0, 'nothing sent without credentials');
  });

  it('names a profile that does not exist', async () => {
    await expectAwsError(chainSession(isolatedAwsEnv({ config: '[profile real]\nregion = us-east-1\n' }), 'typo'), 'profile-not-found', {
      message: /"typo"/,
      hint: /aws configure list-profiles/,
    });
  });

  it('sends an expired SSO session to `aws sso login --profile X` (sso_session and legacy profiles)', async () => {
    const env = isolatedAwsEnv({
      config: [
        '[profile sso-dev]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Dev',
        'region = us-east-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '[profile sso-legacy]',
        'sso_start_url = https://legacy.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = Dev',
      ].join('\n'),
    });
    // The token caches `aws sso login` writes, expired long ago (file name: SHA-1 of session name / start URL).
    const cache = path.join(env.HOME!, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    const expired = (startUrl: string) =>
      JSON.stringify({ accessToken: 'expired-access-token', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl });
    writeFileSync(path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`), expired('https://corp.awsapps.com/start'));
    writeFileSync(
      path.join(cache, `${createHash('sha1').update('https://legacy.awsapps.com/start').digest('hex')}.json`),
      expired('https://legacy.awsapps.com/start'),
    );
    await expectAwsError(chainSession(env, 'sso-dev'), 'sso-expired', { message: /sso-dev/, hint: /^run: aws sso login --profile sso-dev$/ });
    await expectAwsError(chainSession(env, 'sso-legacy'), 'sso-expired', { hint: /^run: aws sso login --profile sso-legacy$/ });
    assert.equal(server.requests.length, 0);
  });

  it('reports credentials AWS refuses, and expired session tokens', async () => {
    const strict = await startAwsServer({ now: () => fixedNow, accessKeyId: 'AKIASOMEOTHERKEY0001' });
    const session = await openTestSession(strict);
    try {
      await expectAwsError(getCallerIdentity(session), 'invalid-credentials', { message: /InvalidClientTokenId/, hint: /aws configure list/ });
    } finally {
      session.close();
      await strict.close();
    }
    const s2 = await openTestSession(server, { profile: 'work' });
    try {
      server.setFault('sts:GetCallerIdentity', { code: 'ExpiredToken', message: 'The security token included in the request is expired' });
      await expectAwsError(getCallerIdentity(s2), 'expired-token', { message: /profile "work" have expired/, hint: /aws sso login --profile work/ });
    } finally {
      s2.close();
    }
  });

  it('retries throttling with backoff and succeeds; gives up after max attempts with a hint', async () => {
    const session = await openTestSession(server, { maxAttempts: 3 });
    try {
      server.setFault('sts:GetCallerIdentity', { code: 'Throttling', times: 2 });
      assert.equal((await getCallerIdentity(session)).accountId, '123456789012');
      assert.equal(server.count('sts:GetCallerIdentity'), 3);
      assert.equal(session.requestCount('sts:GetCallerIdentity'), 3, 'retries are counted as requests');
      server.setFault('sts:GetCallerIdentity', { code: 'Throttling', times: 3 });
      await expectAwsError(getCallerIdentity(session), 'throttled', {
        message: /3 attempts/,
        hint: /allow more attempts$/,
        remedy: { kind: 'option', option: 'maxAttempts' },
      });
      assert.equal(server.count('sts:GetCallerIdentity'), 6);
    } finally {
      session.close();
    }
  });

  it('names an endpoint that does not answer', async () => {
    const session = await openAwsSession({
      endpoint: 'http://127.0.0.1:9',
      env: isolatedAwsEnv(),
      credentials: async () => ({ accessKeyId: fakeKeyId, secretAccessKey: 'x' }),
      maxAttempts: 2,
      retryMinDelayMs: 1,
      retryMaxDelayMs: 2,
    });
    try {
      await expectAwsError(getCallerIdentity(session), 'unreachable', {
        message: /127\.0\.0\.1:9/,
        hint: /It is the AWS endpoint you set$/,
        remedy: { kind: 'option', option: 'awsEndpoint' },
      });
    } finally {
      session.close();
    }
  });

  it('takes the endpoint from PRICE_ATLAS_AWS_ENDPOINT when no option is given', async () => {
    const session = await openAwsSession({
      env: { ...isolatedAwsEnv(), PRICE_ATLAS_AWS_ENDPOINT: server.url },
      credentials: async () => ({ accessKeyId: fakeKeyId, secretAccessKey: 'x' }),
    });
    try {
      assert.equal(session.endpoint, server.url);
      assert.equal((await getCallerIdentity(session)).accountId, '123456789012');
    } finally {
      session.close();
    }
  });
});
