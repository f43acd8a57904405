import * as assert from 'node:assert/strict';
import type { Budget } from '@aws-sdk/client-budgets';
import { budgetScope } from '../../src/core/aws/budget-scope';
import { budgetStatus } from '../../src/core/aws/budget-status';
import { billedService, budgetImpacts, costChanges, impactSentence } from '../../src/core/cost/budget-impact';
import type { CostChange } from '../../src/core/cost/budget-impact';
import type { Estimate, EstimateComponent, EstimateResource } from '../../src/core/cost/estimate';

const now = new Date('2026-12-04T12:00:00Z');
const compute = 'Amazon Elastic Compute Cloud - Compute';

function budget(name: string, extra: Partial<Budget> = {}): Budget {
  return {
    BudgetName: name,
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    BudgetLimit: { Amount: '10000', Unit: 'USD' },
    CalculatedSpend: { ActualSpend: { Amount: '8600', Unit: 'USD' }, ForecastedSpend: { Amount: '9120', Unit: 'USD' } },
    ...extra,
  };
}

const status = (b: Budget) => budgetStatus(b, now);
const options = { currency: 'USD', hoursPerMonth: 730 };

describe('budget scope: which costs a budget counts, from its filters', () => {
  it('no filter counts everything; Service and Region filters are read; other dimensions are unknown, not guessed', () => {
    assert.equal(budgetScope({}).kind, 'everything');
    assert.equal(budgetScope({ CostFilters: {} }).kind, 'everything');
    assert.deepEqual(budgetScope({ CostFilters: { Service: [compute] } }), { kind: 'filtered', services: [compute], rule: `filtered by service ${compute}` });
    assert.deepEqual(budgetScope({ CostFilters: { Service: [compute], Region: ['eu-west-1'] } }), {
      kind: 'filtered',
      services: [compute],
      regions: ['eu-west-1'],
      rule: `filtered by service ${compute} and region eu-west-1`,
    });
    assert.deepEqual(budgetScope({ CostFilters: { AZ: ['us-east-1a'] } }), { kind: 'unknown', rule: 'filtered by AZ, which an IaC change does not say' });
    assert.equal(budgetScope({ CostFilters: { Service: [compute], TagKeyValue: ['user:team$web'] } }).kind, 'unknown');
  });

  it('reads FilterExpression (SERVICE and REGION, exact, alone or under AND) and prefers it to CostFilters', () => {
    const both = budgetScope({
      CostFilters: { AZ: ['us-east-1a'] },
      FilterExpression: {
        And: [{ Dimensions: { Key: 'SERVICE', Values: [compute] } }, { Dimensions: { Key: 'REGION', Values: ['us-east-1'], MatchOptions: ['EQUALS'] } }],
      },
    });
    assert.deepEqual(both, { kind: 'filtered', services: [compute], regions: ['us-east-1'], rule: `filtered by service ${compute} and region us-east-1` });
    assert.equal(budgetScope({ FilterExpression: { Dimensions: { Key: 'SERVICE', Values: ['Amazon'], MatchOptions: ['STARTS_WITH'] } } }).kind, 'unknown');
    assert.equal(budgetScope({ FilterExpression: { Or: [{ Dimensions: { Key: 'SERVICE', Values: [compute] } }] } }).kind, 'unknown');
    assert.equal(budgetScope({ FilterExpression: { Not: { Dimensions: { Key: 'SERVICE', Values: [compute] } } } }).kind, 'unknown');
    assert.equal(budgetScope({ FilterExpression: { Tags: { Key: 'team', Values: ['web'] } } }).kind, 'unknown');
    assert.deepEqual(budgetScope({ FilterExpression: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111122223333'] } } }), {
      kind: 'unknown',
      rule: 'filtered by LINKED_ACCOUNT, which an IaC change does not say',
    });
  });
});

describe('budget impact of a change', () => {
  const change: CostChange[] = [
    { service: compute, region: 'us-east-1', monthly: 412 },
    { service: 'EC2 - Other', region: 'us-east-1', monthly: 8 },
    { service: 'Amazon Relational Database Service', region: 'eu-west-1', monthly: -100 },
  ];

  it('counts in each budget only what its filter covers, and says which rule matched', () => {
    const report = budgetImpacts(
      [
        status(budget('prod-monthly')),
        status(budget('ec2-compute', { CostFilters: { Service: [compute] } })),
        status(budget('ec2-west', { CostFilters: { Service: [compute], Region: ['eu-west-1'] } })),
        status(budget('rds', { FilterExpression: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Relational Database Service'] } } })),
        status(budget('by-tag', { FilterExpression: { Tags: { Key: 'team', Values: ['web'] } } })),
      ],
      change,
      options,
    );
    assert.deepEqual(
      report.impacts.map((i) => [i.budget, i.monthlyDelta, i.forecastAfter, i.forecastAfterPercent, i.rule]),
      [
        ['prod-monthly', 320, 9440, 94.4, 'no filter: it counts all costs'],
        ['ec2-compute', 412, 9532, 95.32, `filtered by service ${compute}`],
        ['rds', -100, 9020, 90.2, 'filtered by service Amazon Relational Database Service'],
      ],
    );
    // Not covered at all (ec2-west: the compute change is in us-east-1) is left out; unreadable filters are named.
    assert.deepEqual(report.unknown, [
      { budget: 'by-tag', rule: 'filtered in a way this estimate cannot evaluate (tags, cost categories, OR, NOT or partial matches)' },
    ]);
  });

  it('scales the monthly delta to the budget period, and leaves out usage budgets and other currencies', () => {
    const report = budgetImpacts(
      [
        status(budget('quarter', { TimeUnit: 'QUARTERLY' })),
        status(budget('year', { TimeUnit: 'ANNUALLY' })),
        status(
          budget('day', { TimeUnit: 'DAILY', BudgetLimit: { Amount: '100', Unit: 'USD' }, CalculatedSpend: { ActualSpend: { Amount: '40', Unit: 'USD' } } }),
        ),
        status(budget('hours', { BudgetType: 'USAGE', BudgetLimit: { Amount: '2000', Unit: 'Hrs' } })),
        status(budget('yuan', { BudgetLimit: { Amount: '10000', Unit: 'CNY' } })),
      ],
      [{ service: compute, region: 'us-east-1', monthly: 730 }],
      options,
    );
    assert.deepEqual(
      report.impacts.map((i) => [i.budget, i.periodDelta, i.forecastAfter]),
      [
        ['quarter', 2190, 11310],
        ['year', 8760, 17880],
        // 730 a month over 730 hours is 24 a day; without a forecast there is nothing to add it to.
        ['day', 24, null],
      ],
    );
  });

  it('says it in one sentence, with the numbers of the issue', () => {
    const [impact] = budgetImpacts(
      [status(budget('prod-monthly', { CalculatedSpend: { ActualSpend: { Amount: '8600', Unit: 'USD' }, ForecastedSpend: { Amount: '9120', Unit: 'USD' } } }))],
      [{ service: compute, region: 'us-east-1', monthly: 412 }],
      options,
    ).impacts;
    assert.equal(
      impactSentence(impact!),
      'adds $412.00/month: budget prod-monthly (no filter: it counts all costs) is at 86% of $10,000.00 with $9,120.00 forecast; this would bring the forecast to $9,532.00 (95.32%)',
    );
    const [saving] = budgetImpacts(
      [status(budget('q', { TimeUnit: 'QUARTERLY' }))],
      [{ service: compute, region: 'us-east-1', monthly: -10 }],
      options,
    ).impacts;
    assert.match(impactSentence(saving!), /^saves \$10\.00\/month \(\$30\.00 a quarter\): budget q /);
  });
});

describe('cost changes per billed service, from two estimates', () => {
  const component = (kind: EstimateComponent['kind'], monthly: number): EstimateComponent => ({
    name: kind,
    kind,
    variant: {},
    reasons: [],
    unit: 'Hrs',
    quantity: 1,
    unitPrice: monthly,
    monthly,
  });
  const resource = (name: string, region: string, components: EstimateComponent[]): EstimateResource => ({
    file: 'main.tf',
    line: 1,
    name,
    type: 'aws_instance',
    kind: 'ec2',
    region,
    regionReason: 'test',
    count: 1,
    components,
    monthly: components.reduce((s, c) => s + c.monthly, 0),
    unpriced: [],
  });
  const estimate = (resources: EstimateResource[]): Estimate => ({
    currency: 'USD',
    hoursPerMonth: 730,
    resources,
    total: { monthly: 0, resources: resources.length, unpricedComponents: 0 },
  });

  it('sums each side by service and region: an instance is Compute, its volume EC2 - Other; unchanged sums drop out', () => {
    const base = estimate([resource('web', 'us-east-1', [component('ec2', 70.08), component('ebs', 8)]), resource('db', 'us-east-1', [component('rds', 100)])]);
    const head = estimate([
      resource('web', 'us-east-1', [component('ec2', 140.16), component('ebs', 8)]),
      resource('db', 'us-east-1', [component('rds', 100)]),
      resource('nat', 'eu-west-1', [component('natgateway', 32.85)]),
    ]);
    assert.deepEqual(costChanges(base, head), [
      { service: billedService.ec2, region: 'us-east-1', monthly: 70.08 },
      { service: 'EC2 - Other', region: 'eu-west-1', monthly: 32.85 },
    ]);
    assert.deepEqual(costChanges(head, head), []);
  });
});
