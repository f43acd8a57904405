/**
 * A price index that answers $1 per unit for everything, in the unit each usage type is sold in:
 * an estimate's monthly figures are then its quantities, so tests read the model's arithmetic.
 */
import type { ComponentKind, PriceRecord } from '../../src/core/prices/price-types';
import type { ComponentPrice, PriceIndex } from '../../src/core/prices/read/price-index';

export function unitOfUsage(usage: string): string {
  if (/Storage|VolumeUsage|StorageUsage/.test(usage)) return 'GB-Mo';
  if (/IOPS/.test(usage)) return 'IOPS-Mo';
  if (/Throughput/.test(usage)) return 'GiBps-mo';
  if (/VolumeIOUsage/.test(usage)) return 'IOs';
  if (/Bytes$/.test(usage)) return 'GB';
  if (/LCU/.test(usage)) return 'LCU-Hrs';
  if (/^Request$/.test(usage)) return 'Requests';
  if (/GB-Second/.test(usage)) return 'Lambda-GB-Second';
  return 'Hrs';
}

export function flatPriceIndex(asked: string[] = []): PriceIndex {
  return {
    lookup: async (size: string, _region: string, filter: Record<string, string>) => {
      asked.push(`${size} ${JSON.stringify(filter)}`);
      return { size, currency: 'USD', onDemand: { hourly: 1 }, variant: filter } as unknown as PriceRecord;
    },
    lookupComponent: async (kind: ComponentKind, usage: string, region: string, filter: Record<string, string>): Promise<ComponentPrice> => {
      asked.push(`${kind} ${usage} ${JSON.stringify(filter)}`);
      return {
        kind,
        usage,
        region,
        unit: unitOfUsage(usage),
        productFamily: filter.productFamily ?? '',
        price: 1,
        currency: 'USD',
        usageType: usage,
        source: { offerCode: '', version: '', publicationDate: '' },
      };
    },
    explainMiss: async () => ({ message: 'miss' }),
    explainComponentMiss: async () => ({ message: 'miss' }),
  } as unknown as PriceIndex;
}
