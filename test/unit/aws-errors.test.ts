import * as assert from 'node:assert/strict';
import { AwsError, explainAwsError } from '../../src/core/aws/aws-errors';
import type { AwsCallContext } from '../../src/core/aws/aws-errors';
import { resolveAwsEndpoint } from '../../src/core/aws/aws-endpoint';
import { PriceAtlasError, UsageError, adviceOf } from '../../src/core/errors';
import { adviceText } from '../../src/cli/present-error';

const ctx = (over: Partial<AwsCallContext> = {}): AwsCallContext => ({
  action: 'budgets:ViewBudget',
  profile: 'dev',
  region: 'us-east-1',
  redact: (t) => t.split('SEKRET').join('[redacted]'),
  ...over,
});

function sdkError(name: string, message: string, status = 400, attempts = 1): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts } });
}

function explain(err: unknown, over: Partial<AwsCallContext> = {}): AwsError {
  const mapped = explainAwsError(err, ctx(over));
  assert.ok(mapped instanceof AwsError);
  return mapped;
}

describe('AWS errors as messages with a next step', () => {
  it('names the missing IAM action on AccessDenied, whatever the service calls it', () => {
    for (const code of ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']) {
      const e = explain(sdkError(code, 'not authorized'), { action: 'ec2:DescribeSpotPriceHistory' });
      assert.equal(e.kind, 'access-denied');
      assert.match(e.message, /ec2:DescribeSpotPriceHistory/);
      assert.match(e.hint!, /allow the IAM action ec2:DescribeSpotPriceHistory/);
    }
  });

  it('sends an expired session to `aws sso login --profile X`', () => {
    const e = explain(sdkError('ExpiredTokenException', 'expired'));
    assert.equal(e.kind, 'expired-token');
    assert.match(e.hint!, /aws sso login --profile dev/);
    const sso = explain(
      Object.assign(new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login'), {
        name: 'CredentialsProviderError',
      }),
    );
    assert.equal(sso.kind, 'sso-expired');
    assert.equal(sso.hint, 'run: aws sso login --profile dev');
    const token = explain(Object.assign(new Error('Token is expired. To refresh this SSO session run aws sso login'), { name: 'TokenProviderError' }), {
      profile: 'default',
    });
    assert.equal(token.hint, 'run: aws sso login');
  });

  it('says when no credentials were found at all', () => {
    const e = explain(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    assert.equal(e.kind, 'no-credentials');
    assert.match(e.hint!, /aws configure|aws sso login/);
    assert.equal(e.code, undefined, 'no pseudo code to print');
  });

  it('tells a disabled opt-in region from bad credentials', () => {
    assert.equal(
      explain(sdkError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401), { region: 'ap-east-2' }).kind,
      'region-not-enabled',
    );
    assert.equal(explain(sdkError('OptInRequired', 'subscribe', 401), { region: 'us-east-1' }).kind, 'region-not-enabled');
    const bad = explain(sdkError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401), { region: 'us-east-1' });
    assert.equal(bad.kind, 'invalid-credentials');
    assert.match(bad.hint!, /aws configure list --profile dev/);
  });

  it('reports throttling that outlasted the retries, with the attempts made', () => {
    for (const code of ['ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'LimitExceededException']) {
      const e = explain(sdkError(code, 'Rate exceeded', 429, 5));
      assert.equal(e.kind, 'throttled');
      assert.match(e.message, /5 attempts/);
      assert.equal(e.hint, 'wait a minute and try again, or allow more attempts');
      assert.equal(adviceText(adviceOf(e)), 'wait a minute and try again, or allow more attempts (--max-attempts N)');
    }
  });

  it('names an unreachable endpoint override and the network error', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const e = explain(Object.assign(new Error('wrapped'), { cause: err }), { endpoint: 'http://127.0.0.1:1' });
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.hint, 'is the server at http://127.0.0.1:1 running? It is the AWS endpoint you set');
    assert.deepEqual(e.remedy, { kind: 'option', option: 'awsEndpoint' });
    assert.match(adviceText(adviceOf(e))!, /running\? It is the AWS endpoint you set \(--aws-endpoint URL \(or PRICE_ATLAS_AWS_ENDPOINT\)\)$/);
  });

  it('redacts AWS text (SignatureDoesNotMatch echoes the signed request) and keeps PriceAtlasErrors as they are', () => {
    const e = explain(sdkError('SomethingElse', 'canonical x-amz-security-token:SEKRET', 500));
    assert.equal(e.kind, 'service');
    assert.ok(!e.message.includes('SEKRET'));
    assert.match(e.hint!, /try again/);
    const own = new PriceAtlasError('mine', 'do this');
    assert.equal(explainAwsError(own, ctx()), own);
  });

  it('maps DataUnavailableException and NotFoundException to their own kinds', () => {
    assert.equal(explain(sdkError('DataUnavailableException', 'no data')).kind, 'data-unavailable');
    assert.equal(explain(sdkError('NotFoundException', 'no such budget')).kind, 'not-found');
  });
});

describe('AWS errors never show a secret, wherever AWS puts it', () => {
  it('redacts a secret in the error code or name, not only in the message', () => {
    for (const code of ['AccessDeniedSEKRET', 'SEKRETException', 'ExpiredTokenSEKRET', 'Throttling.SEKRET']) {
      for (const err of [
        sdkError(code, 'plain text', 500),
        Object.assign(new Error('plain text'), { Code: code, $metadata: { httpStatusCode: 400 } }),
        Object.assign(new Error('plain text'), { name: 'Error', code }),
      ]) {
        const e = explain(err);
        for (const text of [e.message, e.hint ?? '', e.code ?? '']) assert.ok(!text.includes('SEKRET'), `${code}: ${text}`);
        assert.match(e.message, /\[redacted\]/, 'the code is still shown, less the secret');
      }
    }
  });
});

describe('AWS endpoint override', () => {
  it('takes the option, else PRICE_ATLAS_AWS_ENDPOINT, else none', () => {
    assert.equal(resolveAwsEndpoint('http://localhost:4566/', {}), 'http://localhost:4566');
    assert.equal(resolveAwsEndpoint(undefined, { PRICE_ATLAS_AWS_ENDPOINT: 'http://127.0.0.1:9' }), 'http://127.0.0.1:9');
    assert.equal(resolveAwsEndpoint('', {}), undefined);
  });

  it('refuses non-URLs, other schemes and URLs with user info or a query', () => {
    for (const bad of ['localhost:4566', 'ftp://x', 'http://u:p@x', 'http://x/?a=1']) assert.throws(() => resolveAwsEndpoint(bad, {}), UsageError, bad);
  });

  it('takes https anywhere, but plain http only to this machine (127.0.0.0/8, ::1, localhost)', () => {
    for (const ok of [
      'https://aws.example.com',
      'https://10.0.0.5:4566',
      'http://localhost:4566',
      'http://LOCALHOST:4566',
      'http://127.0.0.1:9',
      'http://127.8.9.10',
      'http://[::1]:4566',
    ]) {
      assert.doesNotThrow(() => resolveAwsEndpoint(ok, {}), ok);
    }
    for (const bad of [
      'http://aws.example.com',
      'http://10.0.0.5:4566',
      'http://192.0.2.2:4566',
      'http://128.0.0.1',
      'http://[fd00::2]:4566',
      'http://localhost.example.com',
      'http://0.0.0.0:4566',
    ]) {
      assert.throws(
        () => resolveAwsEndpoint(bad, {}),
        (err: unknown) => err instanceof UsageError && /plain http/.test(err.message) && /https/.test(err.hint ?? ''),
        bad,
      );
      assert.throws(() => resolveAwsEndpoint(undefined, { PRICE_ATLAS_AWS_ENDPOINT: bad }), UsageError, `${bad} from the environment`);
    }
  });
});
