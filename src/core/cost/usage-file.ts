/**
 * Usage values for usage-based components, in Infracost's usage-file format, so a team's existing
 * `infracost-usage.yml` works as is:
 *
 *   version: 0.1
 *   resource_type_default_usage:
 *     aws_lambda_function: { monthly_requests: 1000000 }
 *   resource_usage:
 *     aws_lambda_function.api: { monthly_requests: 5000000, request_duration_ms: 250 }
 *
 * A resource's own values win over its type's defaults. Values must be numbers: a typo is an error
 * with its line, never a silent zero.
 */
import { PriceAtlasError } from '../errors';
import { parseJson } from '../iac/json-tree';
import { parseYaml } from '../iac/yaml-tree';
import { LineMap } from '../iac/finding';
import type { TreeNode } from '../iac/tree';
import type { UsageValues } from './components';

export class UsageFileError extends PriceAtlasError {}

export interface Usage {
  /** Values for one resource: its type's defaults, then its own. */
  valuesFor(name: string, type: string): UsageValues;
  /** Keys of `resource_usage` that matched no resource, to tell the user about a misspelt address. */
  unused(seen: Iterable<string>): string[];
}

export const noUsage: Usage = { valuesFor: () => ({}), unused: () => [] };

export function parseUsageFile(text: string, file: string): Usage {
  const lines = new LineMap(text);
  const at = (node: TreeNode): string => `${file}:${lines.position(node.start).line + 1}`;
  const trimmed = text.trimStart();
  const root = trimmed.startsWith('{') ? parseJson(text) : parseYaml(text)[0]?.nodes[0];
  if (root === undefined && trimmed === '') return noUsage;
  if (root?.type !== 'map')
    throw new UsageFileError(
      `${file} is not a usage file: expected a map with resource_usage or resource_type_default_usage`,
      'see "Usage-based components" in the README for the format',
    );
  const byName = new Map<string, Record<string, number>>();
  const byType = new Map<string, Record<string, number>>();
  for (const e of root.entries) {
    if (e.key === 'version') continue;
    const target = e.key === 'resource_usage' ? byName : e.key === 'resource_type_default_usage' ? byType : undefined;
    if (!target)
      throw new UsageFileError(`${at(e.value ?? root)}: unknown key "${e.key}"`, 'a usage file has version, resource_usage and resource_type_default_usage');
    if (e.value?.type !== 'map') {
      if (e.value === undefined || (e.value.type === 'scalar' && e.value.value.trim() === '')) continue;
      throw new UsageFileError(
        `${at(e.value)}: ${e.key} must be a map of resources`,
        'for example: resource_usage: {aws_nat_gateway.main: {monthly_data_processed_gb: 100}}',
      );
    }
    for (const r of e.value.entries) {
      if (r.value?.type !== 'map')
        throw new UsageFileError(`${at(r.value ?? e.value)}: ${r.key} must be a map of usage values`, `for example: ${r.key}: {monthly_requests: 1000000}`);
      const values: Record<string, number> = {};
      for (const v of r.value.entries) {
        const raw = v.value?.type === 'scalar' ? v.value.value.trim().replace(/_/g, '') : undefined;
        const n = raw !== undefined && /^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isFinite(n))
          throw new UsageFileError(
            `${at(v.value ?? r.value)}: ${r.key}.${v.key} is not a number`,
            "usage values are non-negative numbers (a month's requests, GB, ...)",
          );
        values[v.key] = n;
      }
      target.set(r.key, { ...target.get(r.key), ...values });
    }
  }
  return {
    valuesFor: (name, type) => ({ ...byType.get(type), ...byName.get(name) }),
    unused: (seen) => {
      const names = new Set(seen);
      return [...byName.keys()].filter((k) => !names.has(k));
    },
  };
}
