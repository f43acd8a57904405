/**
 * Entry point of dist/iac.js: the IaC recognisers, loaded when a hover, code lens or diagnostic
 * first needs them (see lazy.ts). Callers import only its types.
 */
export { recognise, isFactsFileName } from '../../core/iac/recognise';
export { FolderFacts } from '../../core/iac/scan-files';
export { currentGenerationFor, pricedAlternatives } from '../../core/iac/generations';
export { variantOfFinding } from '../../core/cost/finding-variant';
export { estimateFiles } from '../../core/cost/estimate';
export { costedFormats } from '../../core/cost/iac-resources';
export { parseUsageFile } from '../../core/cost/usage-file';
