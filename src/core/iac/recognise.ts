/**
 * The entry point: a document's text (with its file name and, in the editor, its language id) to
 * findings. A pure function of (name, language id, text, folder facts), so callers cache it per
 * document version; cheap enough to run on every keystroke. The file name picks the syntax; for YAML
 * and JSON the content picks the format, document by document (a file may hold a Deployment and a
 * Karpenter NodePool). Never throws: a recogniser bug costs that file its findings, nothing more.
 */
import type { FindingRegion, IacFormat, IacScan } from './finding';
import { collectAnsible, isAnsibleDoc } from './ansible';
import { collectCdkContext, isCdkContextFile } from './cdk';
import { collectCloudFormation, isCloudFormationDoc } from './cloudformation';
import { collectCrossplane, isCrossplaneDoc } from './crossplane';
import { collectEksctl, isEksctlDoc } from './eksctl';
import { parseHcl } from './hcl-tree';
import { parseJson } from './json-tree';
import { collectKubernetes, isKarpenterDoc, isKubernetesDoc } from './kubernetes';
import { collectPackerJson, isPackerFile, isPackerJson, recognisePackerHcl } from './packer';
import { recogniseProgram } from './program';
import { collectPulumiProgram, collectPulumiStack, isPulumiProgram, isPulumiProjectFile, isPulumiStackFile, pulumiStackFacts } from './pulumi';
import { baseName, emptyFacts, mergeFacts, stackRegion } from './region-facts';
import type { FileFacts, RecogniseContext, StackRegionFact } from './region-facts';
import { collectServerless, isServerlessDoc } from './serverless';
import { hclFacts, hclModeOf, recogniseTerraform } from './terraform';
import { FindingSink } from './tree-findings';
import type { TreeNode } from './tree';
import { parseYaml } from './yaml-tree';
import { isRegionCode } from '../regions';
import { languageSyntax } from './languages';
import type { Syntax } from './languages';

export interface IacDocument {
  fileName: string;
  /** The editor's language id, when known (`terraform`, `yaml`, `typescript`, ...). */
  languageId?: string;
  text: string;
}

function syntaxOf(fileName: string, languageId?: string): Syntax {
  const name = baseName(fileName).toLowerCase();
  if (/\.pkr(vars)?\.hcl$/.test(name)) return 'packer-hcl';
  if (/\.(tf|tofu|tfvars|hcl)$/.test(name)) return 'hcl';
  if (/\.(ya?ml)$/.test(name)) return 'yaml';
  if (name.endsWith('.tf.json') || name.endsWith('.tfvars.json')) return 'none';
  if (/\.(json|template)$/.test(name)) return 'json';
  if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(name)) return 'js';
  if (name.endsWith('.py')) return 'python';
  return (languageId && languageSyntax[languageId]) || 'none';
}

/** Whether a file name is one the recognisers read (for folder scans and the editor's selector). */
export function isIacFileName(fileName: string): boolean {
  return syntaxOf(fileName) !== 'none';
}

/** Glob patterns and language ids for the editor's document selector (Terraform files may have no language id). */

export function recognise(doc: IacDocument, context?: RecogniseContext): IacScan {
  try {
    return recogniseOrThrow(doc, context);
  } catch {
    return { format: 'unknown', findings: [] };
  }
}

/** `recognise` without its safety net: for tests, which must see a recogniser that throws. */
export function recogniseOrThrow(doc: IacDocument, context?: RecogniseContext): IacScan {
  const { fileName, text } = doc;
  switch (syntaxOf(fileName, doc.languageId)) {
    case 'hcl': {
      const mode = /\.(tf|tofu|tfvars|hcl)$/i.test(fileName) ? hclModeOf(fileName) : 'terraform';
      const resourceRegions: Record<string, FindingRegion> = {};
      const findings = recogniseTerraform(text, /\.(tf|tofu|tfvars|hcl)$/i.test(fileName) ? fileName : `${fileName}.tf`, context, resourceRegions);
      return { format: mode, findings, resourceRegions };
    }
    case 'packer-hcl':
      return { format: 'packer', findings: recognisePackerHcl(text, fileName, context) };
    case 'yaml':
      return recogniseYaml(text, fileName, context);
    case 'json':
      // `.template` files are CloudFormation in either syntax.
      if (/\.template$/i.test(fileName) && !/^\s*[{[]/.test(text)) return recogniseYaml(text, fileName, context);
      return recogniseJson(text, fileName, context);
    case 'js':
    case 'python': {
      const r = recogniseProgram(text, fileName, syntaxOf(fileName, doc.languageId) === 'python' ? 'python' : 'js', context);
      return { format: r.format, findings: r.findings };
    }
    default:
      return { format: 'unknown', findings: [] };
  }
}

function yamlFormatOf(root: TreeNode, fileName: string): IacFormat {
  if (isPulumiStackFile(fileName)) return 'pulumi';
  if (isCloudFormationDoc(root)) return 'cloudformation';
  if (isServerlessDoc(root, fileName)) return 'serverless';
  if (isEksctlDoc(root)) return 'eksctl';
  if (isKarpenterDoc(root)) return 'karpenter';
  if (isCrossplaneDoc(root)) return 'crossplane';
  if (isKubernetesDoc(root)) return 'kubernetes';
  if (isPulumiProgram(root, fileName)) return 'pulumi';
  if (isAnsibleDoc(root, fileName)) return 'ansible';
  return /(^|[\\/])values[^\\/]*\.ya?ml$|(^|[\\/])charts?[\\/]/i.test(fileName) ? 'helm' : 'yaml';
}

function recogniseYaml(text: string, fileName: string, context?: RecogniseContext): IacScan {
  const sink = new FindingSink(text);
  const docs = parseYaml(text);
  const own = emptyFacts(baseName(fileName));
  if (isPulumiProjectFile(fileName)) for (const d of docs) for (const n of d.nodes) own.stacks.push(...pulumiStackFacts(fileName, n, sink));
  const facts = mergeFacts(own, context);
  let format: IacFormat | undefined;
  let fileRegion: FindingRegion | undefined;
  for (const doc of docs) {
    for (const node of doc.nodes) {
      const f = yamlFormatOf(node, fileName);
      if (!format || format === 'yaml') format = f;
      switch (f) {
        case 'cloudformation':
          fileRegion ??= stackRegion(facts, 'sam');
          collectCloudFormation(text, node, sink, { region: fileRegion });
          break;
        case 'serverless':
          collectServerless(text, node, sink, stackRegion(facts, 'sam'));
          break;
        case 'eksctl':
          collectEksctl(text, node, sink);
          break;
        case 'crossplane':
          collectCrossplane(text, node, sink);
          break;
        case 'ansible':
          collectAnsible(text, node, sink);
          break;
        case 'pulumi':
          if (isPulumiStackFile(fileName)) collectPulumiStack(text, node, sink, fileName);
          else collectPulumiProgram(text, node, sink, (fileRegion ??= stackRegion(facts, 'pulumi')), fileName);
          break;
        case 'kubernetes':
        case 'karpenter':
          collectKubernetes(text, node, sink);
          break;
        default:
          collectKubernetes(text, node, sink, { helm: true });
      }
    }
  }
  return { format: format ?? 'yaml', findings: sink.finish(), ...(fileRegion ? { fileRegion } : {}) };
}

function recogniseJson(text: string, fileName: string, context?: RecogniseContext): IacScan {
  const root = parseJson(text);
  const sink = new FindingSink(text);
  let format: IacFormat = 'unknown';
  let fileRegion: FindingRegion | undefined;
  if (isCdkContextFile(fileName)) {
    format = 'cdk';
    collectCdkContext(text, root, sink, fileName);
  } else if (isCloudFormationDoc(root)) {
    format = 'cloudformation';
    fileRegion = stackRegion(mergeFacts(emptyFacts(baseName(fileName)), context), 'sam');
    collectCloudFormation(text, root, sink, { region: fileRegion });
  } else if (isPackerJson(root)) {
    format = 'packer';
    collectPackerJson(text, root, sink);
  } else if (root && isPulumiProgram(root, fileName)) {
    format = 'pulumi';
    fileRegion = stackRegion(mergeFacts(emptyFacts(baseName(fileName)), context), 'pulumi');
    collectPulumiProgram(text, root, sink, fileRegion, fileName);
  } else if (isKubernetesDoc(root)) {
    format = isKarpenterDoc(root) ? 'karpenter' : 'kubernetes';
    collectKubernetes(text, root, sink);
  } else {
    return { format, findings: [] };
  }
  return { format, findings: sink.finish(), ...(fileRegion ? { fileRegion } : {}) };
}

// --- folder facts -------------------------------------------------------------------------------

/** samconfig.toml / samconfig.yaml: every `region` the deploy environments set. */
function samconfigFacts(fileName: string, text: string): StackRegionFact[] {
  const file = baseName(fileName);
  const out: StackRegionFact[] = [];
  let section = '';
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const s = /^\s*\[([^\]]+)\]/.exec(line);
    if (s) section = s[1]!;
    const m = /^\s*region\s*[=:]\s*["']?([a-z0-9-]+)["']?\s*$/.exec(line);
    if (m && isRegionCode(m[1]!)) out.push({ file, line: i + 1, code: m[1]!, what: `${file}${section ? ` [${section}]` : ''} region`, source: 'sam' });
  });
  return out;
}

/**
 * What a file tells the other files of its folder about regions (Terraform providers, variables,
 * tfvars; Pulumi stack regions; samconfig). Undefined for files that tell nothing.
 */
export function collectFacts(fileName: string, text: string): FileFacts | undefined {
  try {
    const name = baseName(fileName);
    if (/^samconfig\.(toml|ya?ml)$/i.test(name)) {
      const facts = emptyFacts(name);
      facts.stacks = samconfigFacts(fileName, text);
      return facts;
    }
    if (isPulumiStackFile(fileName) || isPulumiProjectFile(fileName)) {
      const facts = emptyFacts(name);
      const sink = new FindingSink(text);
      for (const d of parseYaml(text)) for (const n of d.nodes) facts.stacks.push(...pulumiStackFacts(fileName, n, sink));
      return facts;
    }
    const syntax = syntaxOf(fileName);
    if (syntax === 'hcl' || syntax === 'packer-hcl') {
      const mode = isPackerFile(fileName) ? (/\.pkrvars\.hcl$/i.test(fileName) ? 'tfvars' : 'terraform') : hclModeOf(fileName);
      return hclFacts(fileName, text, parseHcl(text), new FindingSink(text), mode);
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Whether a file holds folder facts even when it holds no sizes (samconfig.toml). */
export function isFactsFileName(fileName: string): boolean {
  return (
    /^samconfig\.(toml|ya?ml)$/i.test(baseName(fileName)) ||
    isPulumiStackFile(fileName) ||
    isPulumiProjectFile(fileName) ||
    /\.(tf|tofu|tfvars|hcl)$/i.test(fileName)
  );
}
