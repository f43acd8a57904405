/**
 * Which costs a budget counts, read from its filters (docs/aws-formats.md §3.2.1): everything, the
 * costs of some services and regions, or something an IaC change cannot be matched against (tags,
 * accounts, usage types, OR / NOT), which is said rather than guessed.
 */
import type { Budget, Expression } from '@aws-sdk/client-budgets';

/** Which costs a budget counts, as far as its filters can be read. */
export type BudgetScope =
  { kind: 'everything'; rule: string } | { kind: 'filtered'; services?: string[]; regions?: string[]; rule: string } | { kind: 'unknown'; rule: string };

const everything: BudgetScope = { kind: 'everything', rule: 'no filter: it counts all costs' };

function filteredScope(services: string[] | undefined, regions: string[] | undefined): BudgetScope {
  const parts = [services && `service ${services.join(' or ')}`, regions && `region ${regions.join(' or ')}`].filter(Boolean);
  return { kind: 'filtered', ...(services ? { services } : {}), ...(regions ? { regions } : {}), rule: `filtered by ${parts.join(' and ')}` };
}

/** SERVICE and REGION dimensions matched exactly, alone or joined by AND; anything else is not readable here. */
function expressionScope(e: Expression): BudgetScope {
  const terms = e.And ?? [e];
  let services: string[] | undefined;
  let regions: string[] | undefined;
  for (const t of terms) {
    const d = t.Dimensions;
    const exact = !d?.MatchOptions || d.MatchOptions.every((m) => m === 'EQUALS');
    if (!d || t.Or || t.Not || t.Tags || t.CostCategories || t.And || !exact || !d.Values?.length)
      return { kind: 'unknown', rule: 'filtered in a way this estimate cannot evaluate (tags, cost categories, OR, NOT or partial matches)' };
    if (d.Key === 'SERVICE') services = d.Values;
    else if (d.Key === 'REGION') regions = d.Values;
    else return { kind: 'unknown', rule: `filtered by ${d.Key}, which an IaC change does not say` };
  }
  return services || regions ? filteredScope(services, regions) : everything;
}

export function budgetScope(budget: Pick<Budget, 'CostFilters' | 'FilterExpression'>): BudgetScope {
  if (budget.FilterExpression && Object.keys(budget.FilterExpression).length > 0) return expressionScope(budget.FilterExpression);
  const filters = Object.entries(budget.CostFilters ?? {}).filter(([, values]) => values.length > 0);
  if (filters.length === 0) return everything;
  const other = filters.find(([key]) => key !== 'Service' && key !== 'Region');
  if (other) return { kind: 'unknown', rule: `filtered by ${other[0]}, which an IaC change does not say` };
  const byKey = Object.fromEntries(filters);
  return filteredScope(byKey.Service, byKey.Region);
}
