// `price-atlas budgets | costs | spot`, run as a user would (the bundled dist/cli.js), against the
// local AWS server, with fake credentials in an isolated environment.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { startAwsServer } from '../fakes/aws-server';
import type { AwsServer } from '../fakes/aws-server';
import { cliAwsEnv, expectedSpot, fakeSecret, fakeSessionToken, withProcessEnv } from './aws-helpers';
import { runCli, tempDir } from './helpers';
import type { CliRun } from './helpers';

describe('price-atlas budgets / costs / spot (CLI against the local AWS server)', function () {
  this.timeout(60_000);
  let server: AwsServer;
  const serverNow = new Date();
  const runs: CliRun[] = [];

  before(async () => {
    server = await startAwsServer({
      now: () => serverNow,
      pageSize: { 'budgets:DescribeBudgets': 5, 'ce:GetCostAndUsage': 5, 'ec2:DescribeSpotPriceHistory': 20 },
    });
  });
  after(() => server.close());
  beforeEach(() => {
    server.clearFaults();
    server.requests.length = 0;
  });

  /** Runs the CLI with the fake credentials and the server as PRICE_ATLAS_AWS_ENDPOINT; keeps every run for the leak check. */
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}, files: { config?: string; credentials?: string } = {}): Promise<CliRun> => {
    const run = await runCli(args, { env: cliAwsEnv(server, env, files) });
    runs.push(run);
    return run;
  };

  it('budgets --json: [{name, limit, actual, forecast|null, percentUsed, timeUnit}] with amounts as numbers', async () => {
    const run = await cli(['budgets', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const budgets = JSON.parse(run.stdout) as Record<string, unknown>[];
    assert.equal(budgets.length, server.data.budgets.length);
    for (const b of budgets) assert.deepEqual(Object.keys(b), ['name', 'limit', 'actual', 'forecast', 'percentUsed', 'timeUnit']);
    assert.deepEqual(budgets[0], {
      name: 'Monthly total',
      limit: { amount: 1000, unit: 'USD' },
      actual: { amount: 523.456, unit: 'USD' },
      forecast: { amount: 981.25, unit: 'USD' },
      percentUsed: 52.35,
      timeUnit: 'MONTHLY',
    });
    assert.equal(budgets.find((b) => b.name === 'Sandbox daily')!.forecast, null);
    assert.equal(server.count('budgets:DescribeBudgets'), Math.ceil(server.data.budgets.length / 5), 'every page');
    assert.equal(server.requests.find((r) => r.operation === 'budgets:DescribeBudgets')!.params.AccountId, '123456789012', 'the account id from STS');
  });

  it('budgets: a table with the state of each budget', async () => {
    const run = await cli(['budgets']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^BUDGET\s+PERIOD\s+LIMIT\s+ACTUAL\s+FORECAST\s+USED\s+STATE$/m);
    assert.match(run.stdout, /^Data transfer\s+MONTHLY\s+50\.00 USD\s+61\.20 USD\s+112\.90 USD\s+122\.4%\s+OVER \(>100%\)$/m);
    assert.match(run.stdout, /^EC2 compute\s+.*88\.0%\s+WARNING \(80-100%\)$/m);
    assert.match(run.stdout, /^16 budgets in account 123456789012: \d+ over, \d+ at 80% or more$/m);
  });

  it('costs: month to date by service and forecast, cached, refreshed on --refresh, requests counted', async () => {
    const cacheDir = tempDir('cli-ce');
    const pages = Math.ceil(server.data.costs.length / 5);
    const first = await cli(['costs', '--json', '--cache-dir', cacheDir]);
    assert.equal(first.code, 0, first.stderr);
    const a = JSON.parse(first.stdout);
    assert.equal(a.accountId, '123456789012');
    assert.equal(a.services.length, server.data.costs.length);
    assert.ok(a.services.every((s: Record<string, unknown>) => typeof s.amount === 'number' && s.unit === 'USD'));
    assert.equal(typeof a.total.amount, 'number');
    assert.equal(typeof a.forecast.monthEnd.amount, 'number');
    assert.deepEqual([a.cache.fromCache, a.requests.thisRun, a.requests.total], [false, pages + 1, pages + 1]);
    assert.match(first.stderr, /"msg":"Cost Explorer requests","requests":\d+/);

    const second = await cli(['costs', '--json', '--cache-dir', cacheDir]);
    const b = JSON.parse(second.stdout);
    assert.deepEqual([b.cache.fromCache, b.requests.thisRun, b.requests.total], [true, 0, pages + 1]);
    assert.deepEqual(b.services, a.services);
    assert.equal(server.count('ce:GetCostAndUsage') + server.count('ce:GetCostForecast'), pages + 1, 'the second run asked nothing');

    const third = await cli(['costs', '--refresh', '--cache-dir', cacheDir]);
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /^SERVICE\s+COST$/m);
    assert.match(third.stdout, /^Amazon Elastic Compute Cloud - Compute\s+[\d,]+\.\d\d USD$/m);
    assert.match(third.stdout, /^TOTAL\s+[\d,]+\.\d\d USD$/m);
    assert.match(third.stdout, /^Forecast: [\d,]+\.\d\d USD by the end of the month/m);
    assert.match(third.stdout, new RegExp(`^Cost Explorer requests: ${pages + 1} this run \\(about \\$0\\.0${pages + 1}\\), ${2 * (pages + 1)} since `, 'm'));
  });

  it('costs: --cache-ttl 0 asks every time', async () => {
    const cacheDir = tempDir('cli-ce');
    await cli(['costs', '--json', '--cache-dir', cacheDir]);
    const again = JSON.parse((await cli(['costs', '--json', '--cache-dir', cacheDir, '--cache-ttl', '0'])).stdout);
    assert.equal(again.cache.fromCache, false);
  });

  it('spot <size> --region R --json: per zone current price and 7-day min/max (flag endpoint)', async () => {
    const run = await cli(['spot', 'c5.large', '--region', 'eu-west-1', '--json', '--aws-endpoint', server.url], { PRICE_ATLAS_AWS_ENDPOINT: '' });
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual([out.size, out.region, out.productDescription, out.currency], ['c5.large', 'eu-west-1', 'Linux/UNIX', 'USD']);
    assert.deepEqual(
      Object.fromEntries(
        out.zones.map((z: { availabilityZone: string; current: number; min: number; max: number }) => [
          z.availabilityZone,
          { current: z.current, min: z.min, max: z.max },
        ]),
      ),
      expectedSpot(server.data.spotPrices, 'c5.large', 'eu-west-1', 'Linux/UNIX', serverNow),
    );
    assert.ok(server.count('ec2:DescribeSpotPriceHistory') > 1, 'several pages');
    assert.equal(server.requests.find((r) => r.operation === 'ec2:DescribeSpotPriceHistory')!.signingRegion, 'eu-west-1');
  });

  it('spot: a table, the region from AWS_REGION, and a message when there are no prices', async () => {
    const run = await cli(['spot', 'm5.large', '--product', 'Windows'], { AWS_REGION: 'af-south-1' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Spot m5\.large Windows in af-south-1, USD per hour$/m);
    assert.match(run.stdout, /^ZONE\s+CURRENT\s+SINCE\s+MIN 7D\s+MAX 7D$/m);
    assert.match(run.stdout, /^af-south-1a\s+\d\.\d{6}\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d\.\d{6}\s+\d\.\d{6}$/m);
    const none = await cli(['spot', 'g5.xlarge']);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No spot prices for g5\.xlarge/);
  });

  it('exits 1 with a message and a hint on missing or bad credentials', async () => {
    const none = await cli(['budgets'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '' });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^price-atlas budgets: no AWS credentials found/m);
    assert.match(none.stderr, /^ {2}→ run `aws configure` or `aws sso login --profile NAME`/m);
    const profile = await cli(['costs', '--profile', 'nosuch'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    assert.equal(profile.code, 1);
    assert.match(profile.stderr, /AWS profile "nosuch" is not in /);
    server.setFault('sts:GetCallerIdentity', { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
    const bad = await cli(['spot', 'm5.large']);
    assert.equal(bad.code, 0, 'spot needs no account id, so no STS call');
    const badBudgets = await cli(['budgets']);
    assert.equal(badBudgets.code, 1);
    assert.match(
      badBudgets.stderr,
      /AWS rejected the credentials of profile "default" \(InvalidClientTokenId\)\n {2}→ check the access key with `aws configure list`/,
    );
  });

  it('exits 1 naming the IAM action when access is denied, and the expired token with `aws sso login`', async () => {
    server.setFault('budgets:DescribeBudgets', { code: 'AccessDeniedException', message: 'not authorized to perform: budgets:ViewBudget' });
    const denied = await cli(['budgets', '--json']);
    assert.equal(denied.code, 1);
    assert.equal(denied.stdout, '');
    assert.match(denied.stderr, /AWS denied budgets:ViewBudget .*\n {2}→ allow the IAM action budgets:ViewBudget/);
    server.setFault('ec2:DescribeSpotPriceHistory', { code: 'UnauthorizedOperation' });
    assert.match((await cli(['spot', 'm5.large'])).stderr, /allow the IAM action ec2:DescribeSpotPriceHistory/);
    server.setFault('ce:GetCostAndUsage', { code: 'ExpiredTokenException' });
    // A profile with session credentials in the credentials file, as `aws sso` helpers or `aws configure` leave them.
    const files = {
      config: '[profile work]\nregion = us-east-1\n',
      credentials: `[work]\naws_access_key_id = AKIAWORKPROFILEKEY01\naws_secret_access_key = ${fakeSecret}\naws_session_token = ${fakeSessionToken}\n`,
    };
    const expired = await cli(
      ['costs', '--profile', 'work', '--cache-dir', tempDir('cli-ce')],
      { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '' },
      files,
    );
    assert.equal(expired.code, 1);
    assert.equal(server.requests.find((r) => r.operation === 'ce:GetCostAndUsage')!.accessKeyId, 'AKIAWORKPROFILEKEY01');
    assert.match(
      expired.stderr,
      /the AWS session credentials of profile "work" have expired \(ExpiredTokenException\)\n {2}→ for an SSO profile run: aws sso login --profile work/,
    );
    // Both a profile and environment keys: the SDK's warning goes to the log, not raw to the console.
    const both = await cli(['spot', 'm5.large', '--profile', 'work'], {}, files);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stderr, /^\{"time":"[^"]+","level":"warn","msg":"AWS credentials","detail":"[^"]*Multiple credential sources detected/m);
    assert.doesNotMatch(both.stderr, /^@aws-sdk/m);
  });

  it('exits 1 on a region that is not enabled, and after throttling outlasts --max-attempts', async () => {
    const region = await cli(['spot', 'm5.large', '--region', 'ap-east-2']);
    assert.equal(region.code, 1);
    assert.match(region.stderr, /region ap-east-2 is not enabled .*\n {2}→ enable ap-east-2/);
    server.setFault('sts:GetCallerIdentity', { code: 'Throttling', times: 2 });
    const throttled = await cli(['budgets', '--max-attempts', '2', '--log-level', 'warn']);
    assert.equal(throttled.code, 1);
    assert.match(throttled.stderr, /"msg":"AWS request failed, retrying".*"code":"Throttling"/);
    assert.match(throttled.stderr, /AWS kept throttling sts:GetCallerIdentity \(2 attempts\)/);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      ['spot'],
      ['spot', 'not a size'],
      ['budgets', '--bogus'],
      ['budgets', 'extra'],
      ['costs', '--cache-ttl', 'soon'],
      ['spot', 'm5.large', '--days', '0'],
      ['budgets', '--max-attempts', '0'],
      ['budgets', '--aws-endpoint', 'localhost:4566'],
      ['spot', 'm5.large', '--region', 'Mars'],
    ]) {
      const run = await cli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^price-atlas \w+: /);
    }
    // Each command has its own help, listing its options.
    const help = await cli(['budgets', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: price-atlas budgets \[options\]/m);
    assert.match(help.stdout, /--aws-endpoint <url>/);
    assert.match((await cli(['costs', '--help'])).stdout, /--refresh/);
  });

  it('refuses plain http to a host other than this machine before signing or sending anything', async function () {
    // The same fake server, reached through this machine's network address instead of loopback:
    // before the rule, the signed requests (session token included) went there in clear text.
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) this.skip();
    const open = await startAwsServer({ host: '0.0.0.0' });
    try {
      const remote = `http://${address}:${open.port}`;
      for (const [args, env] of [
        [['budgets', '--aws-endpoint', remote], {}],
        [['spot', 'm5.large'], { PRICE_ATLAS_AWS_ENDPOINT: remote }],
        [['price', 'm5.large', '--region', 'us-east-1', '--store', tempDir('empty-store'), '--api', '--aws-endpoint', remote], {}],
      ] as const) {
        const run = await cli([...args], env);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, /AWS endpoint http:\/\/[\d.]+:\d+ uses plain http/);
        assert.match(run.stderr, /→ use https:\/\/, or http only for a server on this machine/);
      }
      assert.deepEqual(open.requests, [], 'nothing reached the server');
    } finally {
      await open.close();
    }
  });

  it('price --api: with no store, the Pricing API gives the same record shape as the bulk files', async () => {
    const store = tempDir('empty-store');
    const offline = await cli(['price', 'm5.large', '--region', 'us-east-1', '--store', store, '--json']);
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /--api/);
    const run = await cli(['price', 'm5.large', '--region', 'us-east-1', '--store', store, '--api', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const p = JSON.parse(run.stdout) as {
      size: string;
      os: string;
      onDemand: { hourly: number };
      reserved: unknown[];
      specs: { vcpu: number };
      source: { offerCode: string };
    };
    assert.equal(p.size, 'm5.large');
    assert.equal(p.os, 'Linux');
    assert.equal(p.onDemand.hourly, 0.096);
    assert.equal(p.specs.vcpu, 2);
    assert.equal(p.source.offerCode, 'AmazonEC2');
    assert.ok(server.count('pricing:GetProducts') >= 1);
    const none = await cli(['price', 'zz9.large', '--region', 'us-east-1', '--store', store, '--api']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Pricing API has no zz9\.large price in us-east-1/);
  });

  it('never prints the secret access key or the session token, even when AWS echoes them back', async () => {
    // A SignatureDoesNotMatch that echoes the signed headers (the session token among them), as AWS does.
    server.setFault('sts:GetCallerIdentity', { code: 'SignatureDoesNotMatch', echoSignedHeaders: true, times: 1 });
    const echoed = await cli(['budgets', '--log-level', 'debug']);
    assert.equal(echoed.code, 1);
    // The fake really sent the token back; otherwise this test could not fail.
    const raw = await fetch(server.url + '/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/sts/aws4_request, SignedHeaders=x-amz-security-token, Signature=0',
        'x-amz-security-token': fakeSessionToken,
      },
      body:
        (server.setFault('sts:GetCallerIdentity', { code: 'SignatureDoesNotMatch', echoSignedHeaders: true }), 'Action=GetCallerIdentity&Version=2011-06-15'),
    });
    assert.ok((await raw.text()).includes(fakeSessionToken));
    server.setFault('budgets:DescribeBudgets', { code: 'InternalErrorException', echoSignedHeaders: true, times: 9 });
    assert.equal((await cli(['budgets', '--log-level', 'debug', '--max-attempts', '2'])).code, 1);
    server.clearFaults();
    const cacheDir = tempDir('cli-ce');
    await cli(['costs', '--log-level', 'debug', '--cache-dir', cacheDir]);
    await cli(['spot', 'm5.large', '--log-level', 'debug', '--json']);
    await cli(['budgets', '--log-level', 'debug']);

    // Every CLI run of this suite, and the files the runs wrote.
    const cacheText = readdirSync(cacheDir)
      .map((f) => readFileSync(path.join(cacheDir, f), 'utf8'))
      .join('\n');
    assert.ok(runs.length > 20);
    for (const secret of [fakeSecret, fakeSessionToken]) {
      for (const run of runs) {
        assert.ok(!run.stdout.includes(secret), `stdout leaks a secret: ${run.stdout.slice(0, 200)}`);
        assert.ok(!run.stderr.includes(secret), `stderr leaks a secret: ${run.stderr.slice(0, 500)}`);
      }
      assert.ok(!cacheText.includes(secret), 'the cache file leaks a secret');
    }
    assert.ok(
      runs.some((r) => r.stderr.includes('"level":"debug"')),
      'debug logs were on',
    );
  });

  it('never prints the session token when AWS echoes it in the error code (human, --json, debug logs, retries)', async () => {
    const seen: CliRun[] = [];
    const run = async (args: string[]): Promise<CliRun> => {
      const r = await cli(args);
      seen.push(r);
      return r;
    };
    // 500s are retried, so the code also goes through the retry log; 400s fail at once.
    server.setFault('sts:GetCallerIdentity', { code: 'InternalFailure', sessionTokenInCode: true, status: 500, times: 9 });
    assert.equal((await run(['budgets', '--log-level', 'debug', '--max-attempts', '2'])).code, 1);
    assert.equal((await run(['costs', '--json', '--log-level', 'debug', '--max-attempts', '2', '--cache-dir', tempDir('cli-ce')])).code, 1);
    server.clearFaults();
    server.setFault('budgets:DescribeBudgets', { code: 'AccessDenied', sessionTokenInCode: true, times: 9 });
    assert.equal((await run(['budgets', '--json', '--log-level', 'debug'])).code, 1);
    server.setFault('ec2:DescribeSpotPriceHistory', { code: 'InternalError', sessionTokenInCode: true, status: 500, times: 9 });
    assert.equal((await run(['spot', 'm5.large', '--log-level', 'debug', '--max-attempts', '2'])).code, 1);
    server.setFault('pricing:GetProducts', { code: 'ThrottlingException', sessionTokenInCode: true, status: 400, times: 9 });
    assert.equal(
      (await run(['price', 'm5.large', '--region', 'us-east-1', '--store', tempDir('empty-store'), '--api', '--json', '--log-level', 'debug'])).code,
      1,
    );

    assert.ok(
      seen.every((r) => r.stderr.includes('"level":"debug"')),
      'debug logs were on',
    );
    assert.ok(
      seen.some((r) => /"msg":"AWS request failed, retrying"/.test(r.stderr)),
      'retries were logged',
    );
    for (const r of seen) {
      assert.ok(!r.stdout.includes(fakeSessionToken), `stdout leaks the session token: ${r.stdout.slice(0, 300)}`);
      assert.ok(!r.stderr.includes(fakeSessionToken), `stderr leaks the session token: ${r.stderr.slice(0, 2000)}`);
      // The fake really put the token into the code: it shows up redacted.
      assert.match(r.stderr, /^price-atlas \w+: .*\[redacted\]/m);
    }
  });

  describe('an endpoint that never answers', () => {
    /** Like `cli`, but the child is killed after 20 s: a hang fails the test instead of outliving it. */
    const bounded = (args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> =>
      runCli(args, {
        env: cliAwsEnv(server, env),
        onSpawn: (child) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          child.on('close', () => clearTimeout(timer));
        },
      }).then((run) => (runs.push(run), run));

    it('fails with what to check, after PRICE_ATLAS_AWS_TIMEOUT_MS per attempt, instead of hanging', async () => {
      server.setFault('sts:GetCallerIdentity', { kind: 'hang', times: 9 });
      const run = await bounded(['budgets', '--max-attempts', '2'], { PRICE_ATLAS_AWS_TIMEOUT_MS: '300' });
      assert.equal(run.signal, null, 'not killed by the guard');
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^price-atlas budgets: AWS at http:\/\/127\.0\.0\.1:\d+ did not answer sts:GetCallerIdentity within 0\.3 s \(2 attempts\)$/m);
      assert.match(
        run.stderr,
        /^ {2}→ check the network and the AWS endpoint http:\/\/127\.0\.0\.1:\d+; PRICE_ATLAS_AWS_TIMEOUT_MS sets the limit \(--aws-endpoint URL \(or PRICE_ATLAS_AWS_ENDPOINT\)\)$/m,
      );
      assert.equal(server.count('sts:GetCallerIdentity'), 2, 'retried like other transient failures');
      assert.doesNotMatch(run.stderr, /@smithy\/node-http-handler/, 'no raw SDK warning on the console');
    });

    it('times out a later call too (spot: EC2), and refuses a timeout that is not a number of ms', async () => {
      server.setFault('ec2:DescribeSpotPriceHistory', { kind: 'hang', times: 9 });
      const run = await bounded(['spot', 'm5.large', '--max-attempts', '1', '--json'], { PRICE_ATLAS_AWS_TIMEOUT_MS: '250' });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /did not answer ec2:DescribeSpotPriceHistory within 0\.25 s/);
      for (const bad of ['soon', '0', '-5', '1.5']) {
        const refused = await bounded(['budgets'], { PRICE_ATLAS_AWS_TIMEOUT_MS: bad });
        assert.equal(refused.code, 2, `${bad}: ${refused.stderr}`);
        assert.match(refused.stderr, /PRICE_ATLAS_AWS_TIMEOUT_MS/);
      }
    });
  });

  it('runs in-process too (main takes a CliIo)', async () => {
    let out = '';
    let err = '';
    const io = {
      stdout: { write: (s: string) => ((out += s), true), isTTY: false } as unknown as NodeJS.WriteStream,
      stderr: { write: (s: string) => ((err += s), true), isTTY: true } as unknown as NodeJS.WriteStream,
      env: cliAwsEnv(server),
      cwd: tempDir('cwd'),
      signal: new AbortController().signal,
    };
    // The SDK's chain reads the key variables from process.env itself.
    const code = await withProcessEnv(
      {
        AWS_ACCESS_KEY_ID: io.env.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: io.env.AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN: io.env.AWS_SESSION_TOKEN,
        AWS_PROFILE: undefined,
      },
      () => main(['budgets', '--json'], io),
    );
    assert.equal(code, 0, err);
    assert.equal(JSON.parse(out).length, server.data.budgets.length);
    assert.equal(err, '', 'quiet on a terminal');
  });
});
