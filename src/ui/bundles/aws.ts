/**
 * Entry point of dist/aws.js: the AWS account layer (SDK v3 clients), loaded only when the Budgets
 * view or a profile command first needs it (see lazy.ts); the SDK is megabytes the editor should
 * not evaluate at start-up. Turns budgets and Cost Explorer data into the view's items.
 */
import { AwsError } from '../../core/aws/aws-errors';
import { listProfiles } from '../../core/aws/aws-config-files';
import type { AwsProfile } from '../../core/aws/aws-config-files';
import type { Money } from '../../core/aws/aws-amounts';
import { openAwsSession } from '../../core/aws/aws-session';
import { budgetHistory, listBudgets } from '../../core/aws/budgets';
import type { BudgetStatus } from '../../core/aws/budget-status';
import { getCallerIdentity } from '../../core/aws/caller-identity';
import { getCostSummary } from '../../core/aws/cost-cache';
import { PriceAtlasError, errorMessage } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { BudgetItem, BudgetsSnapshot } from '../views/budgets-view';
import { md } from '../markdown-text';

export interface BudgetsRequest {
  profile?: string;
  endpoint?: string;
  cacheDir: string;
  costTtlMs: number;
  force: boolean;
  logger: Logger;
  now?: () => Date;
}

function money(m: Money | null): string {
  if (!m) return '-';
  if (m.unit === 'USD') return `$${m.amount.toFixed(2)}`;
  return `${m.amount.toFixed(2)} ${m.unit}`;
}

const ICON: Record<BudgetStatus['threshold'], BudgetItem['icon']> = { under: 'pass', near: 'warning', over: 'error' };

export function budgetItem(b: BudgetStatus, history: BudgetItem[]): BudgetItem {
  const percent = b.percentUsed === null ? '' : ` (${b.percentUsed.toFixed(0)}%)`;
  return {
    id: `budget:${b.name}`,
    label: b.name,
    description: `${money(b.actual)} of ${money(b.limit)}${percent}${b.forecast ? ` · forecast ${money(b.forecast)}` : ''}`,
    // Budget names, types and currency units are the account's text: escaped, never markup.
    tooltip: [
      md`**${b.name}** · ${b.type} · ${b.timeUnit.toLowerCase()}`,
      '',
      md`Limit: ${money(b.limit)}` + '  ',
      md`Actual: ${money(b.actual)}${percent}` + '  ',
      md`Forecast: ${money(b.forecast)}${b.forecastPercent === null ? '' : ` (${b.forecastPercent.toFixed(0)}%)`}`,
      '',
      b.threshold === 'over' ? 'Over its limit.' : b.threshold === 'near' ? 'At 80% of its limit or more.' : 'Under 80% of its limit.',
      '',
      // Which costs it counts: what decides whether a change in the editor is counted against it.
      md`Counts: ${b.scope.rule}`,
    ].join('\n'),
    icon: ICON[b.threshold],
    children: history,
  };
}

function failure(err: unknown): { message: string; hint?: string } {
  return { message: errorMessage(err), ...(err instanceof PriceAtlasError && err.hint ? { hint: err.hint } : {}) };
}

export async function loadBudgetsSnapshot(req: BudgetsRequest): Promise<BudgetsSnapshot> {
  const now = req.now ?? (() => new Date());
  let session;
  try {
    session = await openAwsSession({ profile: req.profile || undefined, endpoint: req.endpoint || undefined, logger: req.logger, maxAttempts: 3 });
  } catch (err) {
    // A refused setting (a plain-http endpoint, a bad region): shown with its hint, nothing was sent.
    return { connected: true, items: [], error: failure(err) };
  }
  try {
    let accountId: string;
    try {
      accountId = (await getCallerIdentity(session)).accountId;
    } catch (err) {
      // No usable credentials: the welcome content explains how to connect; anything else is shown.
      const missing = err instanceof AwsError && (err.kind === 'no-credentials' || err.kind === 'profile-not-found');
      return { connected: !missing, profile: session.profile, items: [], error: failure(err) };
    }
    const items: BudgetItem[] = [];
    const snapshot: BudgetsSnapshot = { connected: true, account: accountId, profile: session.profile, items };
    items.push({ id: 'account', label: `Account ${accountId}`, description: `profile ${session.profile}`, icon: 'account' });
    try {
      const budgets = await listBudgets(session, { accountId, now: now() });
      for (const b of budgets.slice(0, 50)) {
        const periods = await budgetHistory(session, { accountId, budgetName: b.name }).catch(() => []);
        const history = periods
          .slice()
          .reverse()
          .map((p): BudgetItem => ({
            id: `history:${b.name}:${p.start}`,
            label: p.start.slice(0, 10),
            description: `${money(p.actual)} of ${money(p.budgeted)}${p.percentUsed === null ? '' : ` (${p.percentUsed.toFixed(0)}%)`}`,
            icon: ICON[p.threshold],
          }));
        items.push(budgetItem(b, history));
      }
    } catch (err) {
      snapshot.error = failure(err);
    }
    try {
      const costs = await getCostSummary(session, { accountId, cacheDir: req.cacheDir, ttlMs: req.costTtlMs, force: req.force, now, logger: req.logger });
      const s = costs.summary;
      req.logger.info(
        `Cost Explorer: ${costs.fromCache ? 'served from the cache' : `${costs.requests} billed request(s)`}; ${costs.requestsTotal} since ${costs.requestsSince}`,
      );
      items.push({
        id: 'costs',
        label: `Month to date: ${money(s.total)}${s.estimated ? ' (estimated)' : ''}`,
        description: costs.fromCache ? `cached · refreshes after ${costs.expiresAt.slice(11, 16)} UTC` : `fetched · ${costs.requests} Cost Explorer request(s)`,
        tooltip: md`Cost Explorer charges $0.01 per request: results are cached until ${costs.expiresAt}; "Refresh Budgets and Costs" asks again. Requests so far: ${costs.requestsTotal} since ${costs.requestsSince}.`,
        icon: 'graph',
        children: s.services
          .slice(0, 25)
          .map((svc) => ({ id: `cost:${svc.service}`, label: svc.service, description: money({ amount: svc.amount, unit: svc.unit }) })),
      });
      if (s.forecast) items.push({ id: 'forecast', label: `End-of-month forecast: ${money(s.forecast.monthEnd)}`, icon: 'calendar' });
    } catch (err) {
      items.push({
        id: 'costs-error',
        label: 'Month-to-date costs unavailable',
        description: failure(err).hint ?? failure(err).message,
        tooltip: [failure(err).message, failure(err).hint]
          .filter((t): t is string => Boolean(t))
          .map((t) => md`${t}`)
          .join('\n\n'),
        icon: 'error',
      });
    }
    return snapshot;
  } finally {
    session.close();
  }
}

export async function awsProfiles(): Promise<AwsProfile[]> {
  return listProfiles(process.env);
}
