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

export const iacFilePatterns: readonly string[] = [
  '**/*.tf',
  '**/*.tofu',
  '**/*.tfvars',
  '**/*.hcl',
  '**/*.{yaml,yml}',
  '**/*.{json,template}',
  '**/*.{ts,tsx,mts,cts,js,mjs,cjs}',
  '**/*.py',
];
export const iacLanguageIds: readonly string[] = Object.keys(languageSyntax);

/** Languages that are infrastructure code whatever the file holds: opening one activates the extension. */
export const iacOnlyLanguageIds: readonly string[] = [
  'terraform',
  'terraform-vars',
  'terraform-stack',
  'opentofu',
  'hcl',
  'ansible',
  'helm',
  'cloudformation-yaml',
  'cloudformation-json',
];

/**
 * Files that mark a workspace as infrastructure code, for `workspaceContains:` activation: YAML,
 * JSON, TypeScript and Python are everywhere, so their languages alone do not activate the
 * extension (a workspace of plain TypeScript never loads it), these files do.
 */
export const iacWorkspaceMarkers: readonly string[] = [
  '**/*.tf',
  '**/*.tofu',
  '**/*.tfvars',
  '**/terragrunt.hcl',
  '**/*.pkr.hcl',
  '**/Pulumi.yaml',
  '**/Pulumi.yml',
  '**/cdk.json',
  '**/samconfig.toml',
  '**/template.{yaml,yml,json}',
  '**/*.template',
  '**/serverless.{yml,yaml}',
  '**/Chart.yaml',
  '**/*playbook*.{yml,yaml}',
];

/** Whether an open document is worth scanning before the user touches it: an IaC language or marker name. */
export function isIacDocument(fileName: string, languageId: string): boolean {
  if (iacOnlyLanguageIds.includes(languageId)) return true;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return /\.(tf|tofu|tfvars|hcl|template)$|^(Pulumi(\.[^.]+)?\.ya?ml|cdk(\.context)?\.json|template\.(ya?ml|json)|serverless\.ya?ml|values[^/]*\.ya?ml)$|playbook/i.test(
    base,
  );
}
