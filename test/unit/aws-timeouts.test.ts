import * as assert from 'node:assert/strict';
import { explainAwsError } from '../../src/core/aws/aws-errors';
import type { AwsError } from '../../src/core/aws/aws-errors';
import { formatSeconds, resolveAwsTimeouts } from '../../src/core/aws/aws-timeouts';
import { UsageError } from '../../src/core/errors';

describe('AWS request timeouts', () => {
  it('options, else PRICE_ATLAS_AWS_TIMEOUT_MS (connection too, when shorter), else 10 s / 60 s', () => {
    assert.deepEqual(resolveAwsTimeouts({}, {}), { connectMs: 10_000, requestMs: 60_000 });
    assert.deepEqual(resolveAwsTimeouts({}, { PRICE_ATLAS_AWS_TIMEOUT_MS: '300' }), { connectMs: 300, requestMs: 300 });
    assert.deepEqual(resolveAwsTimeouts({}, { PRICE_ATLAS_AWS_TIMEOUT_MS: '120000' }), { connectMs: 10_000, requestMs: 120_000 });
    assert.deepEqual(resolveAwsTimeouts({ requestTimeoutMs: 5, connectTimeoutMs: 7 }, { PRICE_ATLAS_AWS_TIMEOUT_MS: '300' }), { connectMs: 7, requestMs: 5 });
    assert.deepEqual(resolveAwsTimeouts({}, { PRICE_ATLAS_AWS_TIMEOUT_MS: ' ' }), { connectMs: 10_000, requestMs: 60_000 });
    for (const bad of ['0', '-1', '1.5', '1e3', 'soon', '3600001'])
      assert.throws(() => resolveAwsTimeouts({}, { PRICE_ATLAS_AWS_TIMEOUT_MS: bad }), UsageError, bad);
    assert.deepEqual([formatSeconds(300), formatSeconds(60_000), formatSeconds(1234)], ['0.3 s', '60 s', '1.234 s']);
  });

  it('says which limit was hit and what to check, not "unreachable"', () => {
    const ctx = {
      action: 'sts:GetCallerIdentity',
      profile: 'default',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      timeouts: { connectMs: 2000, requestMs: 5000 },
      redact: (t: string) => t,
    };
    const request = explainAwsError(
      Object.assign(new Error('a request has exceeded the configured 5000 ms requestTimeout.'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
        $metadata: { attempts: 3 },
      }),
      ctx,
    ) as AwsError;
    assert.equal(request.kind, 'timeout');
    assert.equal(request.message, 'AWS at http://127.0.0.1:9 did not answer sts:GetCallerIdentity within 5 s (3 attempts)');
    assert.equal(request.hint, 'check the network and the AWS endpoint http://127.0.0.1:9; PRICE_ATLAS_AWS_TIMEOUT_MS sets the limit');
    assert.deepEqual(request.remedy, { kind: 'option', option: 'awsEndpoint' });
    const connect = explainAwsError(
      Object.assign(new Error('the request socket did not establish a connection with the server within the configured timeout of 2000 ms.'), {
        name: 'TimeoutError',
      }),
      { ...ctx, endpoint: undefined },
    ) as AwsError;
    assert.equal(connect.message, 'AWS did not answer sts:GetCallerIdentity within 2 s (no connection)');
    assert.equal(connect.hint, 'check the network; PRICE_ATLAS_AWS_TIMEOUT_MS sets the limit');
    assert.equal(connect.remedy, undefined);
  });
});
