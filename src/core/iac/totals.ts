/**
 * The one rule for adding sizes up, shared by `scan --store` and the editor's lenses (formats the
 * cost model reads are totalled by `estimate`, which applies the same rule): a deployed value counts;
 * a choice (one of a list, a branch of a conditional) runs instead of its siblings and an option
 * (an allowed-values list, an output) deploys nothing, so neither is added: adding the first
 * alternative would be a guess. Both are reported as not added.
 */
import type { IacFinding } from './finding';

export function countsInTotal(f: IacFinding): boolean {
  return f.role === 'value';
}
