/**
 * Every setting the extension reads, with its type, default and range: the single source that
 * the typed settings module validates against and that a unit test checks `package.json`
 * (`contributes.configuration`) against. No `vscode` import, so plain Node tests can load it.
 */
import { isRegionCode } from '../../core/regions';

/**
 * `application`: read from the user's settings only, never a workspace's (user-settings.ts), and
 * contributed with that scope. Unset: any scope VS Code allows.
 */
export type SettingScope = 'application';

export interface NumberSetting {
  type: 'number';
  scope?: SettingScope;
  default: number;
  minimum: number;
  maximum: number;
  integer?: boolean;
  description: string;
}

export interface StringSetting {
  type: 'string';
  scope?: SettingScope;
  default: string;
  enum?: readonly string[];
  /** A check beyond the enum: returns a reason when the value is unusable. */
  check?: 'url-or-empty' | 'region-or-empty' | 'relative-folder' | 'relative-file-or-empty';
  description: string;
}

export interface BooleanSetting {
  type: 'boolean';
  scope?: SettingScope;
  default: boolean;
  description: string;
}

export type SettingSpec = NumberSetting | StringSetting | BooleanSetting;

export const settingsSection = 'priceAtlas';

export const settingsSpec = {
  endpoint: {
    type: 'string',
    // A repository must not pick where price lists (and so hovers' numbers) come from.
    scope: 'application',
    default: '',
    check: 'url-or-empty',
    description: 'Where price lists are read from: empty for AWS (https://pricing.us-east-1.amazonaws.com) or $PRICE_ATLAS_ENDPOINT, or a team mirror URL.',
  },
  defaultRegion: {
    type: 'string',
    default: '',
    check: 'region-or-empty',
    description:
      'Region shown in Instance Prices and assumed by hovers when a file does not say; empty for AWS_REGION, else AWS_DEFAULT_REGION, else the region of the AWS profile (priceAtlas.aws.profile or AWS_PROFILE) in the AWS config file, else us-east-1.',
  },
  downloadFolder: {
    type: 'string',
    default: '.aws-pricing',
    check: 'relative-folder',
    description: 'Folder, relative to the workspace folder, that downloaded price lists go into.',
  },
  format: {
    type: 'string',
    default: 'json',
    enum: ['json', 'csv'],
    description: 'Format of downloaded offer files.',
  },
  concurrency: {
    type: 'number',
    default: 8,
    minimum: 1,
    maximum: 64,
    integer: true,
    description: 'Files downloaded at the same time.',
  },
  retries: {
    type: 'number',
    default: 5,
    minimum: 0,
    maximum: 20,
    integer: true,
    description: 'Retries per file after a network error or a 429/5xx answer (exponential backoff with jitter).',
  },
  connectTimeoutSeconds: {
    type: 'number',
    default: 10,
    minimum: 1,
    maximum: 300,
    description: 'Seconds to wait for a connection.',
  },
  readTimeoutSeconds: {
    type: 'number',
    default: 30,
    minimum: 1,
    maximum: 3600,
    description: 'Seconds without data before a download is retried.',
  },
  cacheTtlHours: {
    type: 'number',
    default: 24,
    minimum: 0.01,
    maximum: 8760,
    description: 'How long loaded prices are trusted before the pricing cache is checked again for a rebuild.',
  },
  hoursPerMonth: {
    type: 'number',
    default: 730,
    minimum: 1,
    maximum: 744,
    description: 'Hours in a month for monthly costs (AWS uses 730).',
  },
  usageFile: {
    type: 'string',
    default: '',
    check: 'relative-file-or-empty',
    description:
      'Usage file (Infracost format, e.g. infracost-usage.yml), relative to the workspace folder, that prices usage-based components in code lenses and hovers (NAT gateway data, load balancer LCUs, Lambda requests); empty: they are listed with their unit price.',
  },
  'aws.profile': {
    type: 'string',
    // Which credentials are used is the user's choice, not a cloned repository's.
    scope: 'application',
    default: '',
    description: 'AWS profile for budgets, costs and spot prices; empty for AWS_PROFILE or the default credential chain (environment, SSO, instance role).',
  },
  'aws.endpoint': {
    type: 'string',
    // A workspace value would send the user's signed AWS requests to a host of its choosing.
    scope: 'application',
    default: '',
    check: 'url-or-empty',
    description:
      'Endpoint override for every AWS API call (LocalStack-style emulators, tests); empty for AWS, or $PRICE_ATLAS_AWS_ENDPOINT. Must be https, except for a server on this machine (localhost, 127.0.0.1, [::1]).',
  },
  costCacheHours: {
    type: 'number',
    // 0 from a workspace would make every look at the Budgets view a billed Cost Explorer request.
    scope: 'application',
    default: 12,
    minimum: 0,
    maximum: 720,
    description: 'How long Cost Explorer results are reused before asking again (each request costs $0.01); "Refresh Budgets and Costs" always asks.',
  },
  'hover.enabled': {
    type: 'boolean',
    default: true,
    description: 'Show prices when hovering over instance sizes in infrastructure code.',
  },
  'codeLens.enabled': {
    type: 'boolean',
    default: true,
    description: 'Show monthly costs above resources in infrastructure code.',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof settingsSpec;

/** The settings only the user may set (scope `application`). */
export const userOnlySettings: readonly SettingKey[] = (Object.keys(settingsSpec) as SettingKey[]).filter(
  (k) => (settingsSpec[k] as SettingSpec).scope === 'application',
);

/** A setting's value type: a choice setting is the union of its choices (`format` is 'json' | 'csv'), so a caller cannot compare it with a value it never takes. */
type ValueOf<S> = S extends { type: 'number' } ? number : S extends { type: 'boolean' } ? boolean : S extends { enum: readonly (infer E)[] } ? E : string;

export type Settings = { [K in SettingKey]: ValueOf<(typeof settingsSpec)[K]> };

/**
 * Validates one raw value; returns the value to use and, when the raw one was refused, why.
 * A bad value never stops the extension: it falls back to the default and says so.
 */
export function validateSetting<K extends SettingKey>(key: K, raw: unknown): { value: Settings[K]; problem?: string } {
  const spec: SettingSpec = settingsSpec[key];
  const fallback = spec.default as Settings[K];
  const refuse = (why: string): { value: Settings[K]; problem: string } => ({
    value: fallback,
    problem: `priceAtlas.${key}: ${why}; using ${JSON.stringify(spec.default)}`,
  });
  if (raw === undefined || raw === null) return { value: fallback };
  if (spec.type === 'boolean') return typeof raw === 'boolean' ? { value: raw as Settings[K] } : refuse(`expected true or false, not ${JSON.stringify(raw)}`);
  if (spec.type === 'number') {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return refuse(`expected a number, not ${JSON.stringify(raw)}`);
    if (spec.integer && !Number.isInteger(raw)) return refuse(`expected a whole number, not ${raw}`);
    if (raw < spec.minimum || raw > spec.maximum) return refuse(`${raw} is outside ${spec.minimum}-${spec.maximum}`);
    return { value: raw as Settings[K] };
  }
  if (typeof raw !== 'string') return refuse(`expected text, not ${JSON.stringify(raw)}`);
  const value = raw.trim();
  if (spec.enum && !spec.enum.includes(value)) return refuse(`must be one of ${spec.enum.join(', ')}, not ${JSON.stringify(raw)}`);
  if (spec.check === 'url-or-empty' && value) {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return refuse(`${JSON.stringify(raw)} is not an http(s) URL`);
  }
  if (spec.check === 'region-or-empty' && value && !isRegionCode(value)) return refuse(`${JSON.stringify(raw)} is not a region code such as us-east-1`);
  if (spec.check === 'relative-file-or-empty' && value && (value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.split(/[\\/]/).includes('..'))) {
    return refuse(`${JSON.stringify(raw)} must be a file inside the workspace, such as infracost-usage.yml`);
  }
  if (spec.check === 'relative-folder') {
    if (!value || value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.split(/[\\/]/).includes('..')) {
      return refuse(`${JSON.stringify(raw)} must be a folder inside the workspace, such as .aws-pricing`);
    }
  }
  return { value: value as Settings[K] };
}
