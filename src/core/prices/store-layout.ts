/**
 * Where the index keeps its parts: `<store>/prices-v1/<region>/<offerCode>.idx`, one file per
 * region and offer. The builder writes them and the price index reads them by these rules alone.
 */
import * as path from 'node:path';
import { validateOfferCode, validateRegionCode } from '../mirror/layout';

export const storeFolder = 'prices-v1';

export const partExtension = '.idx';

export function regionDir(store: string, region: string): string {
  return path.join(store, storeFolder, validateRegionCode(region));
}

export function partPath(store: string, region: string, offerCode: string): string {
  return path.join(regionDir(store, region), `${validateOfferCode(offerCode)}${partExtension}`);
}
