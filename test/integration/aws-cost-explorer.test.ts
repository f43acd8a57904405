import * as assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AwsSession } from '../../src/core/aws/aws-session';
import { costCacheFileName, getCostSummary } from '../../src/core/aws/cost-cache';
import { fetchMonthToDateCosts, fetchRestOfMonthForecast } from '../../src/core/aws/cost-explorer';
import { createJsonLogger } from '../../src/core/logger';
import { dailyCost } from '../fakes/aws-fake-data';
import type { AwsServer } from '../fakes/aws-server';
import { expectAwsError, fixedNow, useAwsServer } from './aws-helpers';
import { tempDir } from './helpers';

const hours = (n: number): number => n * 3_600_000;

/** A clock the test moves by hand. */
function fakeClock(start: Date): { now: () => Date; advance: (ms: number) => void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

describe('Cost Explorer (SDK against the local server)', function () {
  this.timeout(30_000);
  let server: AwsServer;
  let session: AwsSession;
  const accountId = '123456789012';
  const ceRequests = (): number => server.count('ce:GetCostAndUsage') + server.count('ce:GetCostForecast');

  useAwsServer({ now: () => fixedNow, pageSize: { 'ce:GetCostAndUsage': 5 } }, (started, opened) => {
    server = started;
    session = opened;
  });

  /** What the fake bills for a service from the 1st to today (today half), rounded like the report. */
  const expectedMonthToDate = (): Map<string, number> => {
    const out = new Map<string, number>();
    for (const s of server.data.costs) {
      let sum = 0;
      for (let d = 1; d <= 23; d++) sum += dailyCost(s, `2026-11-${String(d).padStart(2, '0')}`) * (d === 23 ? 0.5 : 1);
      out.set(s.service, Math.round(sum * 100) / 100);
    }
    return out;
  };

  it('GetCostAndUsage: month to date by service, every page (NextPageToken) merged, End exclusive', async () => {
    const mtd = await fetchMonthToDateCosts(session, fixedNow);
    assert.deepEqual(mtd.period, { start: '2026-11-01', end: '2026-11-24' });
    assert.equal(server.count('ce:GetCostAndUsage'), Math.ceil(server.data.costs.length / 5));
    assert.deepEqual(new Map(mtd.services.map((s) => [s.service, s.amount])), expectedMonthToDate());
    assert.ok(
      mtd.services.every((s, i) => i === 0 || mtd.services[i - 1]!.amount >= s.amount),
      'largest first',
    );
    assert.ok(Math.abs(mtd.total.amount - mtd.services.reduce((a, s) => a + s.amount, 0)) < 0.005);
    assert.equal(mtd.total.unit, 'USD');
    assert.equal(mtd.estimated, true);
    const req = server.requests[0]!;
    assert.equal(req.target, 'AWSInsightsIndexService.GetCostAndUsage');
    assert.deepEqual([req.signingService, req.signingRegion], ['ce', 'us-east-1']);
    assert.deepEqual(req.params, {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-24' },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    });
    assert.ok(server.requests[1]!.params.NextPageToken);
  });

  it('GetCostForecast: the rest of the month from today; null when CE has too little data', async () => {
    const forecast = await fetchRestOfMonthForecast(session, fixedNow);
    assert.deepEqual(forecast!.period, { start: '2026-11-23', end: '2026-12-01' });
    let expected = 0;
    for (let d = 23; d <= 30; d++) for (const s of server.data.costs) expected += dailyCost(s, `2026-11-${d}`);
    assert.equal(forecast!.remaining.amount, Math.round(expected * 100) / 100);
    assert.equal(server.requests[0]!.params.Metric, 'UNBLENDED_COST');
    server.setFault('ce:GetCostForecast', { code: 'DataUnavailableException', message: 'Insufficient amount of historical data to generate forecast.' });
    assert.equal(await fetchRestOfMonthForecast(session, fixedNow), null);
  });

  it('caches summaries on disk for the TTL, refreshes when forced, and counts every billed request', async () => {
    const dir = tempDir('ce-cache');
    const clock = fakeClock(fixedNow);
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'info', write: (l) => lines.push(l), now: clock.now });
    const summary = (force = false) => getCostSummary(session, { accountId, cacheDir: dir, ttlMs: hours(12), force, now: clock.now, logger });

    const first = await summary();
    const pages = Math.ceil(server.data.costs.length / 5);
    assert.equal(first.fromCache, false);
    assert.equal(first.requests, pages + 1, 'all cost pages plus one forecast');
    assert.equal(ceRequests(), pages + 1);
    assert.equal(first.requestsTotal, pages + 1);
    assert.equal(first.fetchedAt, '2026-11-23T12:00:00.000Z');
    assert.equal(first.expiresAt, '2026-11-24T00:00:00.000Z');
    assert.ok(first.summary.forecast);
    assert.equal(first.summary.forecast!.monthEnd.amount, Math.round((first.summary.total.amount + first.summary.forecast!.remaining.amount) * 100) / 100);

    clock.advance(hours(11)); // 23:00, 11 h old: reused.
    const cached = await summary();
    assert.equal(cached.fromCache, true);
    assert.equal(cached.requests, 0);
    assert.equal(ceRequests(), pages + 1, 'nothing asked within the TTL');
    assert.deepEqual(cached.summary, first.summary);

    clock.advance(hours(1)); // 00:00 the next day: a new month-to-date period, so a new entry.
    const nextDay = await summary();
    assert.equal(nextDay.fromCache, false);
    assert.deepEqual(nextDay.summary.period, { start: '2026-11-01', end: '2026-11-25' });

    clock.advance(hours(11)); // 11:00: reused; then forced.
    assert.equal((await summary()).fromCache, true);
    const forced = await summary(true);
    assert.equal(forced.fromCache, false);
    assert.equal(forced.requests, pages + 1);
    assert.equal(forced.requestsTotal, 3 * (pages + 1));

    clock.advance(hours(11.5)); // 22:30, 11.5 h after the forced refresh: still fresh.
    assert.equal((await summary()).fromCache, true);
    clock.advance(hours(1)); // 23:30: 12.5 h old → asked again.
    const stale = await summary();
    assert.equal(stale.fromCache, false);
    assert.equal(stale.requestsTotal, 4 * (pages + 1));
    assert.equal(ceRequests(), 4 * (pages + 1));

    const file = JSON.parse(readFileSync(path.join(dir, costCacheFileName), 'utf8'));
    assert.equal(file.requests.total, 4 * (pages + 1));
    assert.equal(Object.keys(file.entries).length, 2);
    const counted = lines.map((l) => JSON.parse(l)).filter((r) => r.msg === 'Cost Explorer requests');
    assert.deepEqual(
      counted.map((r) => r.requests),
      [pages + 1, pages + 1, pages + 1, pages + 1],
    );
    assert.equal(counted[0].estimatedCostUsd, Math.round((pages + 1) * 0.01 * 100) / 100);
  });

  describe('keeps the cache private to its owner (it says what the account spends)', () => {
    let umask: number;
    // The usual umask, so a file made with the default 0644 really comes out readable by others.
    beforeEach(function () {
      if (process.platform === 'win32') this.skip();
      umask = process.umask(0o022);
    });
    afterEach(() => {
      if (umask !== undefined) process.umask(umask);
    });
    const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

    it('creates the folder 0700 (parents too) and the file 0600', async () => {
      const dir = path.join(tempDir('ce-modes'), 'cache', 'price-atlas');
      await getCostSummary(session, { accountId, cacheDir: dir, now: () => fixedNow });
      assert.equal(mode(dir), '700');
      assert.equal(mode(path.dirname(dir)), '700');
      assert.equal(mode(path.join(dir, costCacheFileName)), '600');
    });

    it('tightens a folder and file that exist with wider modes, also when the summary comes from the cache', async () => {
      const dir = tempDir('ce-modes');
      const file = path.join(dir, costCacheFileName);
      await getCostSummary(session, { accountId, cacheDir: dir, now: () => fixedNow });
      chmodSync(dir, 0o755);
      chmodSync(file, 0o644);
      const cached = await getCostSummary(session, { accountId, cacheDir: dir, now: () => fixedNow });
      assert.equal(cached.fromCache, true, 'nothing rewritten, so the modes were fixed in place');
      assert.deepEqual([mode(dir), mode(file)], ['700', '600']);
      chmodSync(dir, 0o777);
      chmodSync(file, 0o666);
      await getCostSummary(session, { accountId, cacheDir: dir, now: () => fixedNow, force: true });
      assert.deepEqual([mode(dir), mode(file)], ['700', '600'], 'and a rewritten file is 0600 too');
    });

    it('leaves a shared (sticky) folder such as /tmp alone, with a warning, but still makes the file 0600', async () => {
      const dir = tempDir('ce-modes');
      chmodSync(dir, 0o1777);
      const lines: string[] = [];
      await getCostSummary(session, {
        accountId,
        cacheDir: dir,
        now: () => fixedNow,
        logger: createJsonLogger({ level: 'warn', write: (l) => lines.push(l) }),
      });
      assert.equal((statSync(dir).mode & 0o7777).toString(8), '1777');
      assert.equal(mode(path.join(dir, costCacheFileName)), '600');
      assert.match(lines.join(''), /"msg":"the Cost Explorer cache folder is readable by others: it is a shared folder \(sticky/);
    });
  });

  it('counts retried and failed requests too (they are billed), and caches nothing on failure', async () => {
    const dir = tempDir('ce-cache');
    const now = (): Date => fixedNow;
    server.setFault('ce:GetCostAndUsage', { code: 'LimitExceededException', message: 'Rate exceeded', times: 1 });
    const ok = await getCostSummary(session, { accountId, cacheDir: dir, now });
    const pages = Math.ceil(server.data.costs.length / 5);
    assert.equal(ok.requests, pages + 2, 'one throttled attempt more');

    // The second page denied: the first page is counted and saved, the summary is not cached.
    server.requests.length = 0;
    const dir2 = tempDir('ce-cache');
    server.setFault('ce:GetCostAndUsage', [
      { kind: 'pass', times: 1 },
      { code: 'AccessDeniedException', message: 'not authorized to perform: ce:GetCostAndUsage', times: 1 },
    ]);
    const failing = getCostSummary(session, { accountId, cacheDir: dir2, now, force: true });
    await expectAwsError(failing, 'access-denied', { message: /ce:GetCostAndUsage/, hint: /IAM action ce:GetCostAndUsage/ });
    const calls = server.count('ce:GetCostAndUsage');
    assert.equal(calls, 2, 'page 1 answered, page 2 denied');
    assert.equal(server.count('ce:GetCostForecast'), 0);
    const saved = JSON.parse(readFileSync(path.join(dir2, costCacheFileName), 'utf8'));
    assert.equal(saved.requests.total, calls);
    assert.deepEqual(saved.entries, {});
  });

  it('starts over from a damaged cache file, with a warning', async () => {
    const dir = tempDir('ce-cache');
    writeFileSync(path.join(dir, costCacheFileName), '{ not json');
    const lines: string[] = [];
    const result = await getCostSummary(session, {
      accountId,
      cacheDir: dir,
      now: () => fixedNow,
      logger: createJsonLogger({ level: 'warn', write: (l) => lines.push(l) }),
    });
    assert.equal(result.fromCache, false);
    assert.ok(lines.some((l) => /damaged/.test(l)));
    assert.equal(JSON.parse(readFileSync(path.join(dir, costCacheFileName), 'utf8')).version, 1);
  });

  it('names ce:GetCostForecast when only the forecast is denied', async () => {
    server.setFault('ce:GetCostForecast', { code: 'AccessDeniedException' });
    await expectAwsError(fetchRestOfMonthForecast(session, fixedNow), 'access-denied', { hint: /ce:GetCostForecast/ });
  });
});
