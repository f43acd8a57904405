/** The Instance Prices view: its region, filter and sort, and the compare panel. */
import * as vscode from 'vscode';
import { PriceAtlasError } from '../../core/errors';
import { isRegionCode } from '../../core/regions';
import type { PriceNode, PriceSort } from '../views/prices-view';
import { priceSorts } from '../views/prices-view';
import type { CommandFactory } from './command-context';

export const selectRegion: CommandFactory =
  ({ s }) =>
  async (arg) => {
    let region = typeof arg === 'string' ? arg : undefined;
    if (!region) {
      const now = await s.prices.resolveRegion();
      const indexed = await s.index().regions();
      const items = indexed.map((r) => ({ label: r, description: 'prices indexed' }));
      const other = { label: '$(edit) Another region…', description: '' };
      const picked = await vscode.window.showQuickPick([...items, other], { title: 'Instance Prices: region', placeHolder: `Now: ${now}` });
      if (!picked) return undefined;
      region =
        picked === other
          ? await vscode.window.showInputBox({
              prompt: 'Region code',
              value: now,
              validateInput: (v) => (isRegionCode(v.trim()) ? undefined : 'A region code such as us-east-1'),
            })
          : picked.label;
    }
    if (!region) return undefined;
    if (!isRegionCode(region)) throw new PriceAtlasError(`${region} is not a region code`, 'region codes look like us-east-1 or eu-west-1');
    await s.prices.setRegion(region);
    return region;
  };

export const filterPrices: CommandFactory =
  ({ s }) =>
  async (arg) => {
    const text =
      typeof arg === 'string' ? arg : await vscode.window.showInputBox({ prompt: 'Show sizes containing (e.g. m7g, xlarge, memory)', value: s.prices.filter });
    if (text === undefined) return undefined;
    s.prices.setFilter(text);
    return text;
  };

export const clearPriceFilter: CommandFactory =
  ({ s }) =>
  () =>
    s.prices.setFilter('');

export const sortPrices: CommandFactory =
  ({ s }) =>
  async (arg) => {
    let sort = typeof arg === 'string' ? (arg as PriceSort) : undefined;
    if (!sort) {
      const picked = await vscode.window.showQuickPick(
        priceSorts.map((x) => ({ label: x.label, id: x.id, description: x.id === s.prices.sort ? 'current' : '' })),
        { title: 'Sort Instance Prices by' },
      );
      sort = picked?.id;
    }
    if (!sort) return undefined;
    if (!priceSorts.some((x) => x.id === sort)) throw new PriceAtlasError(`unknown sort ${sort}`, `sort by one of: ${priceSorts.map((x) => x.id).join(', ')}`);
    await s.prices.setSort(sort);
    return sort;
  };

/** The selected rows, sizes given by a script (`['m5.large', 'm7g.large']`), or a pick of the region's sizes. */
export const compareSelected: CommandFactory =
  ({ s }) =>
  async (item, selected) => {
    let nodes = (Array.isArray(selected) ? selected : item ? [item] : []) as PriceNode[];
    const region = await s.prices.resolveRegion();
    if (Array.isArray(item) && typeof item[0] === 'string') {
      const found = await Promise.all((item as string[]).map((size) => s.index().lookup(size, region)));
      nodes = found.filter((r) => r !== undefined).map((record) => ({ type: 'price', record }));
    }
    let records = nodes.filter((n) => n?.type === 'price').map((n) => n.record);
    if (records.length === 0) {
      const all = await s.index().records(region, { kind: 'ec2' });
      if (all.length === 0) {
        throw new PriceAtlasError(`no prices for ${region} yet`, undefined, {
          remedy: { kind: 'download', services: ['AmazonEC2'], regions: [region], missing: 'region' },
        });
      }
      const picked = await vscode.window.showQuickPick(
        all.map((r) => ({ label: r.size, record: r })),
        { canPickMany: true, title: `Compare sizes in ${region}` },
      );
      records = (picked ?? []).map((p) => p.record);
    }
    if (records.length === 0) return undefined;
    s.compare.show(records, s.settings.get('hoursPerMonth'));
    return s.compare.lastRows;
  };
