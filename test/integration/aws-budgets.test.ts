import * as assert from 'node:assert/strict';
import type { AwsSession } from '../../src/core/aws/aws-session';
import { budgetHistory, describeBudgets, listBudgets } from '../../src/core/aws/budgets';
import type { AwsServer } from '../fakes/aws-server';
import { expectAwsError, fixedNow, useAwsServer } from './aws-helpers';

describe('Budgets (SDK against the local server)', function () {
  this.timeout(30_000);
  let server: AwsServer;
  let session: AwsSession;
  const accountId = '123456789012';

  useAwsServer({ now: () => fixedNow, pageSize: { 'budgets:DescribeBudgets': 5, 'budgets:DescribeBudgetPerformanceHistory': 5 } }, (started, opened) => {
    server = started;
    session = opened;
  });

  it('DescribeBudgets reads every page (x-amz-target AWSBudgetServiceGateway.*, signed for budgets in us-east-1)', async () => {
    const budgets = await describeBudgets(session, accountId);
    assert.deepEqual(
      budgets.map((b) => b.BudgetName),
      server.data.budgets.map((b) => b.BudgetName),
    );
    assert.equal(server.count('budgets:DescribeBudgets'), Math.ceil(server.data.budgets.length / 5));
    const req = server.requests[0]!;
    assert.equal(req.target, 'AWSBudgetServiceGateway.DescribeBudgets');
    assert.deepEqual([req.signingService, req.signingRegion], ['budgets', 'us-east-1']);
    assert.equal(req.params.AccountId, accountId);
    // Epoch seconds on the wire became Dates.
    assert.ok(budgets[0]!.TimePeriod!.Start instanceof Date);
  });

  it('gives limit, actual and forecast as numbers, percent used and the threshold state', async () => {
    const budgets = await listBudgets(session, { accountId, now: fixedNow });
    const byName = new Map(budgets.map((b) => [b.name, b]));
    const total = byName.get('Monthly total')!;
    assert.deepEqual(
      [total.limit, total.actual, total.forecast, total.percentUsed, total.threshold, total.timeUnit],
      [{ amount: 1000, unit: 'USD' }, { amount: 523.456, unit: 'USD' }, { amount: 981.25, unit: 'USD' }, 52.35, 'under', 'MONTHLY'],
    );
    assert.deepEqual([byName.get('EC2 compute')!.percentUsed, byName.get('EC2 compute')!.threshold], [88.04, 'near']);
    assert.deepEqual([byName.get('Data transfer')!.percentUsed, byName.get('Data transfer')!.threshold], [122.4, 'over']);
    assert.equal(byName.get('Sandbox daily')!.forecast, null, 'no ForecastedSpend → null');
    // Planned limits: November's amount (keys are month starts in epoch seconds).
    assert.deepEqual(byName.get('Planned growth')!.limit, { amount: 400, unit: 'USD' });
    assert.deepEqual(byName.get('EC2 hours')!.limit, { amount: 2000, unit: 'Hrs' });
  });

  it('asks for FilterExpression and reads which costs each budget counts: all, a service, or something a change cannot be matched to', async () => {
    const budgets = await listBudgets(session, { accountId, now: fixedNow });
    assert.ok(server.requests.filter((r) => r.target === 'AWSBudgetServiceGateway.DescribeBudgets').every((r) => r.params.ShowFilterExpression === true));
    const byName = new Map(budgets.map((b) => [b.name, b.scope]));
    assert.deepEqual(byName.get('Monthly total'), { kind: 'everything', rule: 'no filter: it counts all costs' });
    assert.deepEqual(byName.get('EC2 compute'), {
      kind: 'filtered',
      services: ['Amazon Elastic Compute Cloud - Compute'],
      rule: 'filtered by service Amazon Elastic Compute Cloud - Compute',
    });
    assert.deepEqual(byName.get('Data transfer'), { kind: 'unknown', rule: 'filtered by USAGE_TYPE_GROUP, which an IaC change does not say' });
  });

  it('DescribeBudgetPerformanceHistory: the past periods, all pages, oldest first', async () => {
    const history = await budgetHistory(session, { accountId, budgetName: 'EC2 compute' });
    assert.equal(history.length, 12);
    assert.equal(server.count('budgets:DescribeBudgetPerformanceHistory'), 3);
    assert.equal(history[0]!.start, '2025-11-01T00:00:00.000Z');
    assert.equal(history[11]!.end, '2026-11-01T00:00:00.000Z');
    for (const h of history) {
      assert.equal(h.budgeted!.amount, 400);
      assert.equal(h.percentUsed, Math.round((h.actual!.amount / 400) * 10000) / 100);
    }
    const window = await budgetHistory(session, {
      accountId,
      budgetName: 'EC2 compute',
      start: new Date('2026-08-01T00:00:00Z'),
      end: new Date('2026-11-01T00:00:00Z'),
    });
    assert.equal(window.length, 3);
    assert.deepEqual(server.requests.at(-1)!.params.TimePeriod, {
      Start: Date.parse('2026-08-01T00:00:00Z') / 1000,
      End: Date.parse('2026-11-01T00:00:00Z') / 1000,
    });
  });

  it('names budgets:ViewBudget when access is denied (wrong account too)', async () => {
    server.setFault('budgets:DescribeBudgets', {
      code: 'AccessDeniedException',
      message: 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: budgets:ViewBudget',
    });
    await expectAwsError(listBudgets(session, { accountId, now: fixedNow }), 'access-denied', {
      message: /budgets:ViewBudget/,
      hint: /IAM action budgets:ViewBudget/,
    });
    await expectAwsError(listBudgets(session, { accountId: '999999999999', now: fixedNow }), 'access-denied', { hint: /budgets:ViewBudget/ });
  });

  it('reports an unknown budget, an expired token, and throttling on a later page', async () => {
    await expectAwsError(budgetHistory(session, { accountId, budgetName: 'nope' }), 'not-found', { message: /nope/ });
    server.setFault('budgets:DescribeBudgets', { code: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
    await expectAwsError(listBudgets(session, { accountId, now: fixedNow }), 'expired-token', { hint: /aws sso login/ });
    server.requests.length = 0;
    server.setFault('budgets:DescribeBudgets', [
      { kind: 'pass', times: 2 },
      { code: 'ThrottlingException', times: 2 },
    ]);
    assert.equal((await listBudgets(session, { accountId, now: fixedNow })).length, server.data.budgets.length);
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [200, 200, 429, 429, 200, 200],
      'page 3 throttled twice, retried, then the rest',
    );
  });

  it('treats NotFoundException from DescribeBudgets as no budgets', async () => {
    server.setFault('budgets:DescribeBudgets', { code: 'NotFoundException', message: 'Unable to get budgets for account 123456789012' });
    assert.deepEqual(await listBudgets(session, { accountId, now: fixedNow }), []);
  });
});
