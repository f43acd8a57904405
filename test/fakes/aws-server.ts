// A local stand-in for the AWS APIs Price Atlas calls, speaking their real wire protocols
// (docs/aws-formats.md §3) so the real SDK v3 clients can talk to it through an endpoint override:
//   - awsJson1_1 for Pricing, Budgets and Cost Explorer: POST /, dispatch on `x-amz-target`,
//     JSON bodies, errors as {"__type": ..., "message": ...} with a 4xx/5xx status;
//   - the EC2 query protocol: form POST Action=...&Version=2016-11-15, XML answers rooted at
//     <ActionResponse>, lists as <item>, errors as <Response><Errors><Error>...;
//   - STS GetCallerIdentity in the awsQuery protocol (Version=2011-06-15, <...Result> wrapper).
// Paging tokens are opaque, tied to the query they came from, and checked. Faults (throttling,
// AccessDenied, expired tokens, connection resets, requests never answered, ...) can be injected
// per operation, once or N times. Data comes from aws-fake-data.ts (seeded) and can be replaced
// piecewise by tests.

import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dailyCost, generateAwsData, hash } from './aws-fake-data';
import type { AwsFakeData, BudgetHistoryData, PriceItemData } from './aws-fake-data';

export type AwsFault =
  | {
      kind?: 'error';
      /** AWS error code: ThrottlingException, AccessDeniedException, ExpiredToken, RequestLimitExceeded, ... */
      code: string;
      /** Default by code: 429/503/400 for throttling (per protocol), 403 for denied/expired, 500 for InternalError*, else 400. */
      status?: number;
      message?: string;
      times?: number;
      /**
       * Put the canonical request, signed headers and their values (session token included) into
       * the message, as AWS's SignatureDoesNotMatch answers do; for tests that nothing echoes it.
       */
      echoSignedHeaders?: boolean;
      /**
       * Append the request's session token (x-amz-security-token) to the error *code* (`__type`,
       * `<Code>`), so it reaches the SDK error's `name`/`code`, not only its message; the message
       * stays token-free. For tests that codes are redacted too.
       */
      sessionTokenInCode?: boolean;
    }
  | { kind: 'reset'; times?: number }
  /** Read the request, then never answer (the socket stays open until the client gives up or the server closes). */
  | { kind: 'hang'; times?: number }
  /** Serve normally `times` times: with a sequence, lets a fault hit a later page. */
  | { kind: 'pass'; times?: number };

export interface AwsRequestRecord {
  /** `pricing:GetProducts`, `ec2:DescribeSpotPriceHistory`, `sts:GetCallerIdentity`, ... (`?:?` when unknown). */
  operation: string;
  protocol: 'json' | 'ec2' | 'query' | 'unknown';
  /** From the SigV4 credential scope of the Authorization header. */
  signingService?: string;
  signingRegion?: string;
  accessKeyId?: string;
  /** Whether an x-amz-security-token header came along (its value is not kept). */
  sessionToken: boolean;
  contentType?: string;
  target?: string;
  /** The decoded request: the JSON body, or the form fields. */
  params: Record<string, unknown>;
  status: number;
  fault?: string;
}

export interface AwsServerOptions {
  seed?: number;
  /** The server's clock (spot history, Cost Explorer's "today"); default the real one, read at start. */
  now?: () => Date;
  /** Replaces parts of the generated data. */
  data?: Partial<AwsFakeData>;
  /** Largest page per operation, below what the client asks for, to force paging. */
  pageSize?: Partial<Record<string, number>>;
  /** When set, requests signed with another access key id are refused as bad credentials. */
  accessKeyId?: string;
  host?: string;
}

export interface AwsServer {
  url: string;
  port: number;
  data: AwsFakeData;
  requests: AwsRequestRecord[];
  /** Requests recorded for an operation (faulted ones included). */
  count(operation: string): number;
  /**
   * Install faults for an operation. An array is a sequence: each fault is used until its `times`
   * (default 1) run out, then the next; afterwards the operation is served normally.
   */
  setFault(operation: string, fault: AwsFault | readonly AwsFault[]): void;
  clearFaults(): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const jsonServices: Record<string, string> = {
  AWSPriceListService: 'pricing',
  AWSBudgetServiceGateway: 'budgets',
  AWSInsightsIndexService: 'ce',
};

// The namespace AWS puts in front of error codes in some JSON answers; the SDK strips it (docs/aws-formats.md §3.1).
const errorNamespaces: Record<string, string> = { pricing: 'com.amazonaws.pricing#', budgets: '', ce: '' };

const EC2_VERSION = '2016-11-15';
const STS_VERSION = '2011-06-15';

function defaultStatus(code: string, protocol: AwsRequestRecord['protocol']): number {
  if (code === 'RequestLimitExceeded') return 503;
  if (/Throttl|TooManyRequests|LimitExceeded|SlowDown/.test(code)) return protocol === 'json' ? 429 : 400;
  if (/^InternalError|InternalFailure|ServiceUnavailable/.test(code)) return 500;
  if (/AccessDenied|Unauthorized|Expired|InvalidClientTokenId|SignatureDoesNotMatch|Forbidden/.test(code)) return 403;
  if (code === 'AuthFailure' || code === 'OptInRequired') return 401;
  return 400;
}

function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

// EC2 XML names are the model's locationName: mostly the member name with a lower-case first
// letter; a few differ (Region.Endpoint is <regionEndpoint>).
const ec2Renames: Record<string, string> = { Endpoint: 'regionEndpoint' };

function ec2Name(key: string): string {
  return ec2Renames[key] ?? key.charAt(0).toLowerCase() + key.slice(1);
}

/** An SDK-shaped (PascalCase) value as EC2 XML. Lists become <item>s; null and undefined are left out. */
export function ec2Xml(name: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v) => ec2Xml('item', v)).join('')}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => ec2Xml(ec2Name(k), v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

interface Signing {
  accessKeyId?: string;
  region?: string;
  service?: string;
}

function parseAuthorization(header: string | undefined): Signing {
  const m = header ? /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header) : null;
  return m ? { accessKeyId: m[1]!, region: m[2]!, service: m[3]! } : {};
}

/** The values of a flattened EC2 list: `InstanceType.1`, `InstanceType.2`, ... in order. */
function listParam(form: Record<string, string>, name: string): string[] {
  return Object.keys(form)
    .map((k) => new RegExp(`^${name}\\.(\\d+)$`).exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => form[m[0]]!);
}

/** EC2 `Filter.N.Name` / `Filter.N.Value.M`. */
function filtersParam(form: Record<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const key of Object.keys(form)) {
    const m = /^Filter\.(\d+)\.Name$/.exec(key);
    if (m) filters.set(form[key]!, listParam(form, `Filter\\.${m[1]}\\.Value`));
  }
  return filters;
}

interface PageToken {
  offset: number;
  key: number;
}

function encodeToken(token: PageToken): string {
  // Real tokens look like `<base64>==:<base64>` (docs/aws-formats.md §2.3); clients must treat them as opaque.
  const body = Buffer.from(JSON.stringify(token)).toString('base64');
  const tail = Buffer.from(String(hash(`${token.key}:${token.offset}`))).toString('base64');
  return `${body}:${tail}`;
}

function decodeToken(raw: string, key: number, code: string): PageToken {
  try {
    const token = JSON.parse(Buffer.from(raw.split(':')[0]!, 'base64').toString('utf8')) as PageToken;
    if (token.key === key && Number.isInteger(token.offset) && token.offset >= 0) return token;
  } catch {
    // fall through to the error below
  }
  throw new ApiError(code, 'The pagination token is invalid or belongs to another request.');
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

function nextMonth(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function startAwsServer(options: AwsServerOptions = {}): Promise<AwsServer> {
  const startedAt = new Date();
  const now = options.now ?? (() => startedAt);
  const data: AwsFakeData = { ...generateAwsData({ seed: options.seed ?? 1, now: now() }), ...options.data };
  const requests: AwsRequestRecord[] = [];
  const faults = new Map<string, { fault: AwsFault; left: number }[]>();

  const takeFault = (operation: string): AwsFault | undefined => {
    const queue = faults.get(operation);
    while (queue && queue.length > 0) {
      const head = queue[0]!;
      if (head.left > 0) {
        head.left--;
        return head.fault;
      }
      queue.shift();
    }
    return undefined;
  };

  /** One page of `items` for a request; `key` ties tokens to the query (everything but token and size). */
  const paginate = <T>(
    operation: string,
    items: readonly T[],
    params: Record<string, unknown>,
    token: string | undefined,
    maxResults: number | undefined,
    tokenError: string,
  ): { page: T[]; next?: string } => {
    const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !/^(NextToken|NextPageToken|MaxResults)$/.test(k)));
    const key = hash(`${operation}|${JSON.stringify(rest)}`);
    const offset = token ? decodeToken(token, key, tokenError).offset : 0;
    const limit = Math.min(maxResults ?? Infinity, options.pageSize?.[operation] ?? Infinity, 1000);
    const page = items.slice(offset, offset + limit);
    const end = offset + page.length;
    return end < items.length ? { page, next: encodeToken({ offset: end, key }) } : { page };
  };

  // ---------------------------------------------------------------- Pricing (awsJson1_1)

  const attributeValuesOf = (service: string, attribute: string): string[] => {
    const override = data.attributeValues[`${service}/${attribute}`];
    if (override) return override;
    const svc = data.services.find((s) => s.ServiceCode === service);
    if (!svc) throw new ApiError('NotFoundException', `Service ${service} not found`);
    if (!svc.AttributeNames.includes(attribute)) throw new ApiError('NotFoundException', `Attribute ${attribute} not found for service ${service}`);
    const values = new Set<string>();
    for (const p of data.products) if (p.serviceCode === service && p.product.attributes[attribute] !== undefined) values.add(p.product.attributes[attribute]!);
    return [...values].sort();
  };

  const matchesFilter = (item: PriceItemData, filter: { Type?: string; Field?: string; Value?: string }): boolean => {
    const field = filter.Field ?? '';
    const value = filter.Value ?? '';
    const actual = field === 'ServiceCode' ? item.serviceCode : item.product.attributes[field];
    switch (filter.Type) {
      case 'TERM_MATCH':
      case 'EQUALS':
        return actual === value;
      case 'CONTAINS':
        return actual !== undefined && actual.includes(value);
      case 'ANY_OF':
        return (
          actual !== undefined &&
          value
            .split(',')
            .map((v) => v.trim())
            .includes(actual)
        );
      case 'NONE_OF':
        return (
          actual === undefined ||
          !value
            .split(',')
            .map((v) => v.trim())
            .includes(actual)
        );
      default:
        throw new ApiError('InvalidParameterException', `Invalid filter type ${String(filter.Type)}`);
    }
  };

  const maxResults = (params: Record<string, unknown>, min: number, max: number): number | undefined => {
    const v = params.MaxResults;
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new ApiError('InvalidParameterException', `MaxResults must be between ${min} and ${max}`);
    return v;
  };

  const pricing: Record<string, (p: Record<string, unknown>) => unknown> = {
    DescribeServices: (p) => {
      const code = p.ServiceCode as string | undefined;
      const all = code ? data.services.filter((s) => s.ServiceCode === code) : data.services;
      const { page, next } = paginate(
        'pricing:DescribeServices',
        all,
        p,
        p.NextToken as string | undefined,
        maxResults(p, 1, 100),
        'InvalidNextTokenException',
      );
      return { Services: page, FormatVersion: 'aws_v1', ...(next ? { NextToken: next } : {}) };
    },
    GetAttributeValues: (p) => {
      if (typeof p.ServiceCode !== 'string' || typeof p.AttributeName !== 'string')
        throw new ApiError('InvalidParameterException', 'ServiceCode and AttributeName are required');
      const values = attributeValuesOf(p.ServiceCode, p.AttributeName).map((Value) => ({ Value }));
      const { page, next } = paginate(
        'pricing:GetAttributeValues',
        values,
        p,
        p.NextToken as string | undefined,
        maxResults(p, 1, 100),
        'InvalidNextTokenException',
      );
      return { AttributeValues: page, ...(next ? { NextToken: next } : {}) };
    },
    GetProducts: (p) => {
      if (typeof p.ServiceCode !== 'string') throw new ApiError('InvalidParameterException', 'ServiceCode is required');
      const filters = (p.Filters ?? []) as { Type?: string; Field?: string; Value?: string }[];
      const items = data.products.filter((item) => item.serviceCode === p.ServiceCode && filters.every((f) => matchesFilter(item, f)));
      const { page, next } = paginate('pricing:GetProducts', items, p, p.NextToken as string | undefined, maxResults(p, 1, 100), 'InvalidNextTokenException');
      // PriceList entries are JSON *strings* on the wire (docs/aws-formats.md §2.2).
      return { FormatVersion: 'aws_v1', PriceList: page.map((item) => JSON.stringify(item)), ...(next ? { NextToken: next } : {}) };
    },
  };

  // ---------------------------------------------------------------- Budgets (awsJson1_1)

  const checkAccount = (p: Record<string, unknown>): void => {
    if (typeof p.AccountId !== 'string' || !/^\d{12}$/.test(p.AccountId))
      throw new ApiError('InvalidParameterException', 'AccountId must be a 12-digit account id');
    if (p.AccountId !== data.accountId) {
      throw new ApiError(
        'AccessDeniedException',
        `User: ${data.arn} is not authorized to perform: budgets:ViewBudget on resource: arn:aws:budgets::${p.AccountId}:budget/*`,
      );
    }
  };

  const budgets: Record<string, (p: Record<string, unknown>) => unknown> = {
    DescribeBudgets: (p) => {
      checkAccount(p);
      const { page, next } = paginate(
        'budgets:DescribeBudgets',
        data.budgets,
        p,
        p.NextToken as string | undefined,
        maxResults(p, 1, 1000),
        'InvalidNextTokenException',
      );
      // FilterExpression only for callers that ask for it, as AWS does.
      const shown = p.ShowFilterExpression === true ? page : page.map(({ FilterExpression: _hidden, ...b }) => b);
      return { Budgets: shown, ...(next ? { NextToken: next } : {}) };
    },
    DescribeBudgetPerformanceHistory: (p) => {
      checkAccount(p);
      const budget = data.budgets.find((b) => b.BudgetName === p.BudgetName);
      if (!budget) throw new ApiError('NotFoundException', `Unable to get budget: ${String(p.BudgetName)} - the budget doesn't exist.`);
      let history: BudgetHistoryData[] = data.budgetHistory[budget.BudgetName] ?? [];
      const period = p.TimePeriod as { Start?: number; End?: number } | undefined;
      if (period?.Start !== undefined && period.End !== undefined)
        history = history.filter((h) => h.TimePeriod.End > period.Start! && h.TimePeriod.Start < period.End!);
      const { page, next } = paginate(
        'budgets:DescribeBudgetPerformanceHistory',
        history,
        p,
        p.NextToken as string | undefined,
        maxResults(p, 1, 100),
        'InvalidNextTokenException',
      );
      return {
        BudgetPerformanceHistory: {
          BudgetName: budget.BudgetName,
          BudgetType: budget.BudgetType,
          ...(budget.CostTypes ? { CostTypes: budget.CostTypes } : {}),
          TimeUnit: budget.TimeUnit,
          BudgetedAndActualAmountsList: page,
        },
        ...(next ? { NextToken: next } : {}),
      };
    },
  };

  // ---------------------------------------------------------------- Cost Explorer (awsJson1_1)

  const today = (): string => isoDay(now());

  /** Cost of a service over [start, end): whole days before today, half of today, nothing after. */
  const costOf = (service: AwsFakeData['costs'][number], start: string, end: string): number => {
    let sum = 0;
    for (let day = start; day < end && day <= today(); day = addDays(day, 1)) sum += dailyCost(service, day) * (day === today() ? 0.5 : 1);
    return sum;
  };

  const checkPeriod = (p: Record<string, unknown>): { start: string; end: string } => {
    const period = p.TimePeriod as { Start?: unknown; End?: unknown } | undefined;
    const start = period?.Start;
    const end = period?.End;
    if (typeof start !== 'string' || typeof end !== 'string' || !DAY.test(start) || !DAY.test(end))
      throw new ApiError('ValidationException', 'TimePeriod Start and End must be dates in the form YYYY-MM-DD');
    if (start >= end) throw new ApiError('ValidationException', 'Start date (and hour) should be before end date (and hour)');
    return { start, end };
  };

  const ce: Record<string, (p: Record<string, unknown>) => unknown> = {
    GetCostAndUsage: (p) => {
      const { start, end } = checkPeriod(p);
      const granularity = p.Granularity;
      if (granularity !== 'MONTHLY' && granularity !== 'DAILY') throw new ApiError('ValidationException', 'Granularity must be MONTHLY or DAILY here');
      const metrics = p.Metrics as string[] | undefined;
      if (!Array.isArray(metrics) || metrics.length === 0) throw new ApiError('ValidationException', 'Metrics are required');
      const groupBy = (p.GroupBy ?? []) as { Type?: string; Key?: string }[];
      if (groupBy.some((g) => g.Type !== 'DIMENSION' || g.Key !== 'SERVICE'))
        throw new ApiError('ValidationException', 'this fake groups by DIMENSION SERVICE only');
      // The periods of the answer: calendar months (or days) cut to [start, end).
      const periods: { start: string; end: string }[] = [];
      for (let s = start; s < end;) {
        const e = granularity === 'MONTHLY' ? (nextMonth(s) < end ? nextMonth(s) : end) : addDays(s, 1);
        periods.push({ start: s, end: e });
        s = e;
      }
      const metric = (amount: number, name: string): { Amount: string; Unit: string } =>
        name === 'UsageQuantity' ? { Amount: (amount * 13.7).toFixed(10), Unit: 'N/A' } : { Amount: amount.toFixed(10), Unit: 'USD' };
      const cells = periods.flatMap((period, index) =>
        groupBy.length === 0
          ? [{ index, group: undefined as undefined | { Keys: string[]; Metrics: Record<string, unknown> } }]
          : data.costs
              .map((service) => ({ service, amount: costOf(service, period.start, period.end) }))
              .filter((c) => c.amount > 0)
              .map((c) => ({ index, group: { Keys: [c.service.service], Metrics: Object.fromEntries(metrics.map((m) => [m, metric(c.amount, m)])) } })),
      );
      const { page, next } = paginate('ce:GetCostAndUsage', cells, p, p.NextPageToken as string | undefined, undefined, 'InvalidNextTokenException');
      const results = new Map<number, Record<string, unknown>>();
      for (const cell of page) {
        const period = periods[cell.index]!;
        let result = results.get(cell.index);
        if (!result) {
          const total = data.costs.reduce((sum, s) => sum + costOf(s, period.start, period.end), 0);
          result = {
            TimePeriod: { Start: period.start, End: period.end },
            // Grouped answers carry an empty Total (docs/aws-formats.md §3.3).
            Total: groupBy.length === 0 ? Object.fromEntries(metrics.map((m) => [m, metric(total, m)])) : {},
            Groups: [],
            Estimated: period.end > today(),
          };
          results.set(cell.index, result);
        }
        if (cell.group) (result.Groups as unknown[]).push(cell.group);
      }
      return {
        ...(groupBy.length > 0 ? { GroupDefinitions: groupBy } : {}),
        ResultsByTime: [...results.values()],
        DimensionValueAttributes: [],
        ...(next ? { NextPageToken: next } : {}),
      };
    },
    GetCostForecast: (p) => {
      const { start, end } = checkPeriod(p);
      if (start < today()) throw new ApiError('ValidationException', `Start date must be equal to or later than the current date: ${today()}`);
      const allowed = [
        'BLENDED_COST',
        'UNBLENDED_COST',
        'AMORTIZED_COST',
        'NET_UNBLENDED_COST',
        'NET_AMORTIZED_COST',
        'USAGE_QUANTITY',
        'NORMALIZED_USAGE_AMOUNT',
      ];
      if (!allowed.includes(p.Metric as string)) throw new ApiError('ValidationException', `Metric must be one of ${allowed.join(', ')}`);
      let total = 0;
      for (let day = start; day < end; day = addDays(day, 1)) total += data.costs.reduce((sum, s) => sum + dailyCost(s, day), 0);
      const level = p.PredictionIntervalLevel as number | undefined;
      return {
        Total: { Amount: total.toFixed(10), Unit: 'USD' },
        ForecastResultsByTime: [
          {
            TimePeriod: { Start: start, End: end },
            MeanValue: total.toFixed(10),
            ...(level ? { PredictionIntervalLowerBound: (total * 0.9).toFixed(10), PredictionIntervalUpperBound: (total * 1.1).toFixed(10) } : {}),
          },
        ],
      };
    },
  };

  const jsonHandlers: Record<string, Record<string, (p: Record<string, unknown>) => unknown>> = { pricing, budgets, ce };

  // ---------------------------------------------------------------- EC2 (ec2 query protocol)

  const ec2Int = (form: Record<string, string>, name: string, min: number, max: number): number | undefined => {
    if (form[name] === undefined) return undefined;
    const n = Number(form[name]);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ApiError('InvalidParameterValue', `Value (${form[name]}) for parameter ${name} is invalid. Expecting a value between ${min} and ${max}.`);
    return n;
  };

  const ec2: Record<string, (form: Record<string, string>, region: string) => string> = {
    DescribeSpotPriceHistory: (form, region) => {
      const filters = filtersParam(form);
      const types = [...listParam(form, 'InstanceType'), ...(filters.get('instance-type') ?? [])];
      const products = [...listParam(form, 'ProductDescription'), ...(filters.get('product-description') ?? [])];
      const zone = form.AvailabilityZone ?? filters.get('availability-zone')?.[0];
      const start = form.StartTime ? Date.parse(form.StartTime) : undefined;
      const end = form.EndTime ? Date.parse(form.EndTime) : undefined;
      if (Number.isNaN(start) || Number.isNaN(end)) throw new ApiError('InvalidParameterValue', 'StartTime and EndTime must be ISO-8601 times');
      const candidates = data.spotPrices.filter(
        (s) =>
          s.AvailabilityZone.startsWith(region) &&
          /[a-z]$/.test(s.AvailabilityZone.slice(region.length)) &&
          (types.length === 0 || types.includes(s.InstanceType)) &&
          (products.length === 0 || products.includes(s.ProductDescription)) &&
          (!zone || s.AvailabilityZone === zone) &&
          (end === undefined || s.Timestamp.getTime() <= end),
      );
      // In the window, plus per zone/type/product the last change before it (docs/aws-formats.md §5.20). Newest first.
      const lastBefore = new Map<string, (typeof candidates)[number]>();
      const inWindow = candidates.filter((s) => {
        if (start === undefined || s.Timestamp.getTime() >= start) return true;
        const key = `${s.AvailabilityZone}|${s.InstanceType}|${s.ProductDescription}`;
        const seen = lastBefore.get(key);
        if (!seen || seen.Timestamp < s.Timestamp) lastBefore.set(key, s);
        return false;
      });
      const all = [...inWindow, ...lastBefore.values()].sort(
        (a, b) => b.Timestamp.getTime() - a.Timestamp.getTime() || a.AvailabilityZone.localeCompare(b.AvailabilityZone),
      );
      const { page, next } = paginate('ec2:DescribeSpotPriceHistory', all, form, form.NextToken, ec2Int(form, 'MaxResults', 5, 1000), 'InvalidNextToken');
      // The real last page carries an empty <nextToken/> (docs/aws-formats.md §3.4); the SDK reads it as "".
      return ec2Xml('spotPriceHistorySet', page) + (next ? `<nextToken>${xmlEscape(next)}</nextToken>` : '<nextToken/>');
    },
    DescribeInstanceTypes: (form) => {
      const types = listParam(form, 'InstanceType');
      const unknown = types.filter((t) => !data.instanceTypes.some((i) => i.InstanceType === t));
      if (unknown.length > 0) throw new ApiError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
      const all = types.length === 0 ? data.instanceTypes : data.instanceTypes.filter((i) => types.includes(i.InstanceType as string));
      const { page, next } = paginate('ec2:DescribeInstanceTypes', all, form, form.NextToken, ec2Int(form, 'MaxResults', 5, 100), 'InvalidNextToken');
      return ec2Xml('instanceTypeSet', page) + (next ? `<nextToken>${xmlEscape(next)}</nextToken>` : '');
    },
    DescribeRegions: (form) => {
      const names = listParam(form, 'RegionName');
      const all = form.AllRegions === 'true';
      // Without AllRegions, only the regions the account can use (docs/aws-formats.md §3.4); no paging.
      const regions = data.regions.filter((r) => (all || r.OptInStatus !== 'not-opted-in') && (names.length === 0 || names.includes(r.RegionName)));
      return ec2Xml('regionInfo', regions);
    },
  };

  // ---------------------------------------------------------------- wire

  const readBody = (req: http.IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const send = (res: http.ServerResponse, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...extra });
    res.end(body);
  };

  const errorBody = (record: AwsRequestRecord, err: ApiError, requestId: string): { contentType: string; body: string } => {
    if (record.protocol === 'json') {
      const service = record.operation.split(':')[0]!;
      return {
        contentType: 'application/x-amz-json-1.1',
        body: JSON.stringify({ __type: `${errorNamespaces[service] ?? ''}${err.code}`, message: err.message }),
      };
    }
    if (record.protocol === 'query') {
      const type = err.status >= 500 ? 'Receiver' : 'Sender';
      return {
        contentType: 'text/xml',
        body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/${STS_VERSION}/"><Error><Type>${type}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
    return {
      contentType: 'text/xml;charset=UTF-8',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    };
  };

  const badCredentialsCode = (protocol: AwsRequestRecord['protocol']): string =>
    protocol === 'ec2' ? 'AuthFailure' : protocol === 'query' ? 'InvalidClientTokenId' : 'UnrecognizedClientException';

  const signedHeadersEcho = (req: http.IncomingMessage): string => {
    // What AWS prints for SignatureDoesNotMatch: the canonical request it computed, header values included.
    const names = /SignedHeaders=([^,\s]+)/.exec(req.headers.authorization ?? '')?.[1]?.split(';') ?? Object.keys(req.headers);
    const canonical = names.map((n) => `${n}:${String(req.headers[n] ?? '')}`).join('\n');
    return `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. The Canonical String for this request should have been 'POST\n/\n\n${canonical}\n'`;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const signing = parseAuthorization(req.headers.authorization);
    const requestId = randomUUID();
    const target = req.headers['x-amz-target'] as string | undefined;
    const record: AwsRequestRecord = {
      operation: '?:?',
      protocol: 'unknown',
      ...(signing.service ? { signingService: signing.service } : {}),
      ...(signing.region ? { signingRegion: signing.region } : {}),
      ...(signing.accessKeyId ? { accessKeyId: signing.accessKeyId } : {}),
      sessionToken: req.headers['x-amz-security-token'] !== undefined,
      ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
      ...(target ? { target } : {}),
      params: {},
      status: 0,
    };
    requests.push(record);
    let respond: () => void;
    try {
      if (req.method !== 'POST') throw new ApiError('InvalidAction', `${req.method} is not supported; AWS APIs take POST`, 405);
      let run: () => { contentType: string; body: string };
      if (target) {
        record.protocol = 'json';
        const [prefix, op] = target.split('.');
        const service = jsonServices[prefix ?? ''];
        if (!service || !op || !jsonHandlers[service]![op]) throw new ApiError('UnknownOperationException', `Unknown operation ${target}`);
        record.operation = `${service}:${op}`;
        if (!String(req.headers['content-type']).startsWith('application/x-amz-json-1.1'))
          throw new ApiError('SerializationException', 'Content-Type must be application/x-amz-json-1.1');
        const params = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
        record.params = params;
        run = () => ({ contentType: 'application/x-amz-json-1.1', body: JSON.stringify(jsonHandlers[service]![op]!(params)) });
      } else {
        const form = Object.fromEntries(new URLSearchParams(body));
        record.params = form;
        const action = form.Action ?? '';
        if (form.Version === STS_VERSION) {
          record.protocol = 'query';
          record.operation = `sts:${action}`;
          if (action !== 'GetCallerIdentity') throw new ApiError('InvalidAction', `Could not find operation ${action} for version ${STS_VERSION}`);
          run = () => ({
            contentType: 'text/xml',
            body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/${STS_VERSION}/">\n  <GetCallerIdentityResult>\n    <Arn>${xmlEscape(data.arn)}</Arn>\n    <UserId>${xmlEscape(data.userId)}</UserId>\n    <Account>${data.accountId}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`,
          });
        } else {
          record.protocol = 'ec2';
          record.operation = `ec2:${action}`;
          if (form.Version !== EC2_VERSION) throw new ApiError('InvalidParameterValue', `Version must be ${EC2_VERSION}`);
          const handler = ec2[action];
          if (!handler) throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
          const region = signing.region ?? 'us-east-1';
          run = () => {
            // Requests to a region the account has not opted into fail authentication.
            if (data.regions.find((r) => r.RegionName === region)?.OptInStatus === 'not-opted-in')
              throw new ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
            return {
              contentType: 'text/xml;charset=UTF-8',
              body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/${EC2_VERSION}/">\n<requestId>${requestId}</requestId>${handler(form, region)}</${action}Response>`,
            };
          };
        }
      }
      if (!req.headers.authorization)
        throw new ApiError(
          record.protocol === 'json' ? 'MissingAuthenticationTokenException' : 'MissingAuthenticationToken',
          'Request is missing Authentication Token',
          403,
        );
      if (options.accessKeyId && signing.accessKeyId !== options.accessKeyId) {
        throw new ApiError(badCredentialsCode(record.protocol), 'The security token included in the request is invalid.', 403);
      }
      const fault = takeFault(record.operation);
      if (fault && fault.kind !== 'pass') {
        record.fault = fault.kind === 'reset' || fault.kind === 'hang' ? fault.kind : fault.code;
        if (fault.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault.kind === 'hang') return;
        const message = fault.echoSignedHeaders ? signedHeadersEcho(req) : (fault.message ?? `${fault.code} (injected by the test server)`);
        const code = fault.sessionTokenInCode ? `${fault.code}${String(req.headers['x-amz-security-token'] ?? '')}` : fault.code;
        throw new ApiError(code, message, fault.status ?? defaultStatus(fault.code, record.protocol));
      }
      const ok = run();
      respond = () => {
        record.status = 200;
        send(res, 200, ok.contentType, ok.body, { 'x-amzn-RequestId': requestId });
      };
    } catch (err) {
      const apiError =
        err instanceof ApiError
          ? err
          : new ApiError(
              err instanceof SyntaxError ? 'SerializationException' : 'InternalFailure',
              err instanceof Error ? err.message : String(err),
              err instanceof SyntaxError ? 400 : 500,
            );
      const { contentType, body: errBody } = errorBody(record, apiError, requestId);
      respond = () => {
        record.status = apiError.status;
        send(res, apiError.status, contentType, errBody, { 'x-amzn-RequestId': requestId });
      };
    }
    respond();
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    data,
    requests,
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    setFault: (operation, fault) => {
      const list = Array.isArray(fault) ? (fault as readonly AwsFault[]) : [fault as AwsFault];
      faults.set(
        operation,
        list.map((f) => ({ fault: f, left: f.times ?? 1 })),
      );
    },
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
