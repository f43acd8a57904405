/** AWS Budgets: every budget of the account with its spend, and a budget's past periods. */
import { DescribeBudgetPerformanceHistoryCommand, DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import type { Budget, BudgetedAndActualAmounts } from '@aws-sdk/client-budgets';
import { allPages } from './aws-paging';
import { AwsError } from './aws-errors';
import type { AwsSession } from './aws-session';
import { budgetPeriodStatus, budgetStatus } from './budget-status';
import type { BudgetPeriodStatus, BudgetStatus } from './budget-status';

// Both Budgets reads need the one IAM action budgets:ViewBudget.
export const viewBudgetAction = 'budgets:ViewBudget';

/** Every budget of the account, all pages, in AWS's order. */
export async function describeBudgets(session: AwsSession, accountId: string): Promise<Budget[]> {
  const client = session.budgets();
  try {
    return await allPages(async (token) => {
      const out = await session.call(viewBudgetAction, session.globalRegion, () =>
        client.send(new DescribeBudgetsCommand({ AccountId: accountId, MaxResults: 100, ShowFilterExpression: true, ...(token ? { NextToken: token } : {}) })),
      );
      return { items: out.Budgets ?? [], next: out.NextToken };
    }, 'Budgets DescribeBudgets');
  } catch (err) {
    // An account without budgets may answer NotFoundException rather than an empty list [inferred].
    if (err instanceof AwsError && err.kind === 'not-found') return [];
    throw err;
  }
}

export interface ListBudgetsOptions {
  accountId: string;
  /** The clock, to pick the planned limit of the current period. */
  now: Date;
}

export async function listBudgets(session: AwsSession, options: ListBudgetsOptions): Promise<BudgetStatus[]> {
  return (await describeBudgets(session, options.accountId)).map((b) => budgetStatus(b, options.now));
}

export interface BudgetHistoryOptions {
  accountId: string;
  budgetName: string;
  /** Default: AWS's default window (the last 12 periods for monthly budgets). */
  start?: Date;
  end?: Date;
}

/** A budget's past periods, oldest first. AWS keeps no history for ANNUALLY budgets. */
export async function budgetHistory(session: AwsSession, options: BudgetHistoryOptions): Promise<BudgetPeriodStatus[]> {
  const client = session.budgets();
  const entries = await allPages<BudgetedAndActualAmounts>(async (token) => {
    const out = await session.call(viewBudgetAction, session.globalRegion, () =>
      client.send(
        new DescribeBudgetPerformanceHistoryCommand({
          AccountId: options.accountId,
          BudgetName: options.budgetName,
          ...(options.start && options.end ? { TimePeriod: { Start: options.start, End: options.end } } : {}),
          MaxResults: 100,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    return { items: out.BudgetPerformanceHistory?.BudgetedAndActualAmountsList ?? [], next: out.NextToken };
  }, 'Budgets DescribeBudgetPerformanceHistory');
  return entries.map(budgetPeriodStatus).sort((a, b) => a.start.localeCompare(b.start));
}
