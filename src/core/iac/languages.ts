/**
 * Which editor languages and file names the recognisers read: plain data, so the editor can
 * register its providers at activation without loading the recognisers themselves.
 */

export type Syntax = 'hcl' | 'packer-hcl' | 'yaml' | 'json' | 'js' | 'python' | 'none';

export const languageSyntax: Readonly<Record<string, Syntax>> = {
  terraform: 'hcl',
  'terraform-vars': 'hcl',
  'terraform-stack': 'hcl',
  opentofu: 'hcl',
  hcl: 'hcl',
  yaml: 'yaml',
  ansible: 'yaml',
  helm: 'yaml',
  'cloudformation-yaml': 'yaml',
  json: 'json',
  jsonc: 'json',
  'cloudformation-json': 'json',
  typescript: 'js',
  typescriptreact: 'js',
  javascript: 'js',
  javascriptreact: 'js',
  python: 'python',
};

export const iacFilePatterns: readonly string[] = ['**/*.tf', '**/*.tofu', '**/*.tfvars', '**/*.hcl', '**/*.{yaml,yml}', '**/*.{json,template}', '**/*.{ts,tsx,mts,cts,js,mjs,cjs}', '**/*.py'];
export const iacLanguageIds: readonly string[] = Object.keys(languageSyntax);
