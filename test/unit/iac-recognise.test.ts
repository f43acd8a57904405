import * as assert from 'node:assert/strict';
import type { IacFinding } from '../../src/core/iac/finding';
import { findingAt, LineMap, literalReplacement } from '../../src/core/iac/finding';
import { collectFacts, isIacFileName, recognise } from '../../src/core/iac/recognise';
import type { FileFacts } from '../../src/core/iac/region-facts';

function find(fileName: string, text: string, facts: (FileFacts | undefined)[] = [], languageId?: string): IacFinding[] {
  return recognise({ fileName, text, languageId }, { facts: facts.filter((f): f is FileFacts => f !== undefined) }).findings;
}

const tokens = (fs: IacFinding[]): string[] => fs.map((f) => f.token);

describe('IaC recognise: positions and the document API', () => {
  it('counts lines and UTF-16 characters like the editor (CRLF, lone CR, tabs, astral characters)', () => {
    const text = 'locals {\r\n\t# 🚀 rocket\r\n\tx = { "🚀" = "m5.large" }\r\n}\r\n';
    const [f] = find('main.tf', text);
    assert.ok(f);
    assert.deepEqual(f.range.start, { line: 2, character: 15 });
    assert.deepEqual(f.range.end, { line: 2, character: 23 });
    assert.equal(text.slice(f.offsets.start, f.offsets.end), 'm5.large');
    const lines = new LineMap('a\rb\r\nc\nd');
    assert.deepEqual(
      [0, 2, 5, 7].map((o) => lines.position(o).line),
      [0, 1, 2, 3],
    );
  });

  it('is a pure function of (name, language id, text, facts): same input, same findings', () => {
    const text = 'resource "aws_instance" "a" {\n  instance_type = "c6i.large"\n}\n';
    assert.deepEqual(find('main.tf', text), find('main.tf', text));
    assert.deepEqual(tokens(find('main.tf', text)), ['c6i.large']);
  });

  it('dispatches by file name, else by language id (untitled Terraform buffers)', () => {
    const hcl = 'resource "aws_instance" "a" {\n  instance_type = "c6i.large"\n}\n';
    assert.deepEqual(tokens(find('Untitled-1', hcl, [], 'terraform')), ['c6i.large']);
    assert.deepEqual(tokens(find('Untitled-1', hcl)), []);
    assert.deepEqual(tokens(find('notes.txt', hcl)), []);
    for (const name of [
      'main.tf',
      'x.tofu',
      'prod.tfvars',
      'terragrunt.hcl',
      'build.pkr.hcl',
      'a.yaml',
      'b.yml',
      'c.json',
      'd.template',
      'e.ts',
      'f.py',
      'g.mjs',
    ])
      assert.ok(isIacFileName(name), name);
    for (const name of ['README.md', 'main.go', 'x.tf.json', 'Dockerfile']) assert.ok(!isIacFileName(name), name);
    // CloudFormation `.template` files come in both syntaxes.
    const yamlTemplate = 'Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      InstanceType: m5.large\n';
    const jsonTemplate = '{"Resources": {"I": {"Type": "AWS::EC2::Instance", "Properties": {"InstanceType": "m5.large"}}}}';
    assert.deepEqual(tokens(find('web.template', yamlTemplate)), ['m5.large']);
    assert.deepEqual(tokens(find('web.template', jsonTemplate)), ['m5.large']);
  });

  it('finds the finding under a position and the text a quick fix puts in its place', () => {
    const text = 'resource "aws_instance" "a" {\n  instance_type = var.x ? "m4.large" : "t2.micro"\n}\n';
    const fs = find('main.tf', text);
    assert.equal(findingAt(fs, { line: 1, character: 27 })?.token, 'm4.large');
    assert.equal(findingAt(fs, { line: 1, character: 35 })?.token, 'm4.large', 'the end is inside');
    assert.equal(findingAt(fs, { line: 1, character: 26 }), undefined, 'the quote is outside');
    assert.equal(findingAt(fs, { line: 1, character: 36 }), undefined);
    assert.equal(findingAt(fs, { line: 1, character: 40 })?.token, 't2.micro');
    assert.equal(findingAt([], { line: 0, character: 0 }), undefined);
    assert.equal(literalReplacement(fs[0]!, 'm7i.large'), 'm7i.large');
    const cdk = find(
      'db.ts',
      "import * as rds from 'aws-cdk-lib/aws-rds';\nnew rds.DatabaseInstance(this, 'D', { instanceType: new ec2.InstanceType('m4.large') });\n",
    );
    assert.equal(cdk[0]?.resolved, 'db.m4.large');
    assert.equal(literalReplacement(cdk[0]!, 'db.m6i.large'), 'm6i.large');
    const symbolic = find(
      's.ts',
      "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nconst t = ec2.InstanceType.of(ec2.InstanceClass.M4, ec2.InstanceSize.LARGE);\n",
    );
    assert.equal(symbolic[0]?.resolved, 'm4.large');
    assert.equal(literalReplacement(symbolic[0]!, 'm7i.large'), undefined);
  });

  it('reports symbolic SDK forms with a range over the whole expression', () => {
    const text = "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nconst t = ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE3, ec2.InstanceSize.MICRO);\n";
    const [f] = find('stack.ts', text);
    assert.equal(f?.form, 'symbolic');
    assert.equal(f?.resolved, 't3.micro');
    assert.equal(f?.token, 'ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE3, ec2.InstanceSize.MICRO)');
    assert.deepEqual(f?.range.start, { line: 1, character: 10 });
  });
});

describe('IaC recognise: traps', () => {
  it('Terraform: comments, descriptions, tags, user data, IAM conditions and names are not sizes', () => {
    const text = `
# instance_type = "m5.4xlarge"
// "c5.large"
/* "r5.large" */
resource "aws_instance" "a" {
  ami           = "ami-0123"
  instance_type = "t3.small" # was m5.large
  description   = "m5.xlarge"
  tags          = { Size = "m5.2xlarge" }
  user_data     = <<-EOT
    echo "c5.xlarge"
  EOT
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Condition = { StringEquals = { "ec2:InstanceType" = ["t3.micro"] } } })
}
`;
    assert.deepEqual(tokens(find('main.tf', text)), ['t3.small']);
  });

  it('Terraform: YAML heredocs (Helm values, manifests) are read; user data is a script even when YAML', () => {
    const text = `
resource "helm_release" "a" {
  values = [<<-EOT
    nodeSelector:
      node.kubernetes.io/instance-type: m6g.large
  EOT
  ]
}
resource "aws_instance" "b" {
  user_data = <<-YAML
    #cloud-config
    write_files:
      - content: m5.large
  YAML
  instance_type = "t3.micro"
}
`;
    assert.deepEqual(tokens(find('main.tf', text)), ['m6g.large', 't3.micro']);
  });

  it('CloudFormation: parameter descriptions, tags, metadata and user data are prose; allowed values are options', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  T:
    Type: String
    Description: e.g. m5.large
    Default: t3.micro
    AllowedValues: [t3.micro, m5.large]
Resources:
  I:
    Type: AWS::EC2::Instance
    Metadata: { Note: c5.large }
    Properties:
      InstanceType: !Ref T
      Tags: [{ Key: Size, Value: m5.xlarge }]
      UserData: !Base64 "echo m5.2xlarge"
`;
    const fs = find('template.yaml', text);
    assert.deepEqual(
      fs.map((f) => `${f.token}:${f.role}`),
      ['t3.micro:value', 't3.micro:option', 'm5.large:option'],
    );
  });

  it('Kubernetes: only instance-type labels count; other clouds in the same label are not sizes', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: { size: m5.large, node.kubernetes.io/instance-type: c5.large }
spec:
  nodeSelector:
    node.kubernetes.io/instance-type: Standard_D2ds_v5
`;
    assert.deepEqual(tokens(find('pod.yaml', text)), ['c5.large']);
  });

  it('programs: strings in comments, docstrings and logs are not sizes; other programs are not read', () => {
    const py = `import aws_cdk\n"""Uses m5.large."""\n# size = "c5.large"\nprint("m5.xlarge")\nif size == "r5.large" or size != 'r6i.large':\n    pass\nsize = "t3.micro"\n`;
    assert.deepEqual(tokens(find('app.py', py)), ['t3.micro']);
    assert.deepEqual(tokens(find('util.py', 'size = "t3.micro"\n')), []);
  });
});

describe('IaC recognise: regions', () => {
  const main = 'provider "aws" {\n  region = var.region\n}\nresource "aws_instance" "a" {\n  instance_type = "m5.large"\n}\n';
  const variables = 'variable "region" {\n  default = "us-west-2"\n}\n';

  it('Terraform: resolves the provider region through the folder (variables.tf, terraform.tfvars), with the reason', () => {
    assert.equal(find('main.tf', main)[0]?.region, undefined);
    const [f] = find('main.tf', main, [collectFacts('variables.tf', variables)]);
    assert.equal(f?.region?.code, 'us-west-2');
    assert.equal(f?.region?.reason, 'provider "aws" region = var.region (main.tf:2); var.region = "us-west-2" (variables.tf:2)');
    const [g] = find('main.tf', main, [collectFacts('variables.tf', variables), collectFacts('terraform.tfvars', 'region = "eu-west-1"\n')]);
    assert.equal(g?.region?.code, 'eu-west-1');
    assert.match(g!.region!.reason, /terraform\.tfvars:1/);
    // A .tfvars Terraform does not load by itself applies to itself only.
    const [h] = find('main.tf', main, [collectFacts('variables.tf', variables), collectFacts('prod.tfvars', 'region = "eu-west-1"\n')]);
    assert.equal(h?.region?.code, 'us-west-2');
  });

  it('Terraform: the state backend region is not where anything runs; two possible regions are no region', () => {
    const backend = 'terraform {\n  backend "s3" {\n    region = "us-west-1"\n  }\n}\nresource "aws_instance" "a" {\n  instance_type = "m5.large"\n}\n';
    assert.equal(find('main.tf', backend)[0]?.region, undefined);
    const either = 'provider "aws" {\n  region = var.prod ? "us-east-1" : "eu-west-1"\n}\nresource "aws_instance" "a" {\n  instance_type = "m5.large"\n}\n';
    assert.equal(find('main.tf', either)[0]?.region, undefined);
  });

  it('CloudFormation: region-keyed mappings do not fix the region; samconfig does', () => {
    const text =
      'Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      InstanceType: m5.large\nMappings:\n  RegionMap:\n    eu-west-1: { AMI: ami-1 }\n';
    assert.equal(find('template.yaml', text)[0]?.region, undefined);
    const [f] = find('template.yaml', text, [collectFacts('samconfig.toml', '[default.deploy.parameters]\nregion = "ca-central-1"\n')]);
    assert.equal(f?.region?.code, 'ca-central-1');
    assert.match(f!.region!.reason, /samconfig\.toml/);
  });

  it('CDK: a commented-out env is ignored; the code one counts', () => {
    const text =
      "import * as cdk from 'aws-cdk-lib';\n// env: { region: 'us-west-2' },\nnew Stack(app, 'S', { env: { region: 'eu-central-1' } });\nconst t = new ec2.InstanceType('m5.large');\n";
    const [f] = find('app.ts', text);
    assert.equal(f?.region?.code, 'eu-central-1');
    assert.match(f!.region!.reason, /line 3/);
  });

  it('Pulumi: the stack region when all stacks agree, none when they differ', () => {
    const text = "import * as aws from '@pulumi/aws';\nconst i = new aws.ec2.Instance('w', { instanceType: 't3.micro' });\n";
    const dev = collectFacts('Pulumi.dev.yaml', 'config:\n  aws:region: us-west-2\n');
    assert.equal(find('index.ts', text, [dev])[0]?.region?.code, 'us-west-2');
    const prod = collectFacts('Pulumi.prod.yaml', 'config:\n  aws:region: eu-west-1\n');
    assert.equal(find('index.ts', text, [dev, prod])[0]?.region, undefined);
  });

  it('counts only literal counts of the owning resource', () => {
    const text =
      'resource "aws_instance" "a" {\n  count = 3\n  instance_type = "m5.large"\n}\nresource "aws_instance" "b" {\n  count = var.n\n  instance_type = "m5.large"\n}\n';
    assert.deepEqual(
      find('main.tf', text).map((f) => f.count),
      [3, undefined],
    );
  });
});

describe('IaC recognise: allowed sizes', () => {
  const roles = (fs: IacFinding[]): string[] => fs.map((f) => `${f.token}:${f.role}`);

  it('Terraform: a validation contains([...]) list is the allowed sizes (options, one group); the default is the value', () => {
    const text = `variable "instance_type" {
  type    = string
  default = "t3.micro"
  validation {
    condition     = contains(["t3.micro", "t3.small", "m5.large"], var.instance_type)
    error_message = "Use t3.micro, t3.small or m5.xlarge."
  }
}
`;
    const fs = find('variables.tf', text);
    assert.deepEqual(roles(fs), ['t3.micro:value', 't3.micro:option', 't3.small:option', 'm5.large:option']);
    const listed = fs.filter((f) => f.role === 'option');
    assert.equal(new Set(listed.map((f) => f.group)).size, 1, 'one group for the list');
    assert.notEqual(listed[0]!.group, fs[0]!.group, 'the default is not in the list group');
    assert.ok(listed.every((f) => f.resource === 'var.instance_type'));
  });

  it('Terraform: two lists in one condition are two groups; a contains() outside validation is no allowed list; other conditions stay unread', () => {
    const two =
      'variable "t" {\n  default = "m5.large"\n  validation {\n    condition = contains(["m5.large", "m5.xlarge"], var.t) && !contains(["t2.micro"], var.t)\n    error_message = "no"\n  }\n}\n';
    const fs = find('variables.tf', two).filter((f) => f.role === 'option');
    assert.deepEqual(tokens(fs), ['m5.large', 'm5.xlarge', 't2.micro']);
    assert.equal(new Set(fs.map((f) => f.group)).size, 2);
    // A comparison reads sizes, it chooses none: not a choice, never a value.
    const local = 'locals {\n  big = contains(["m5.xlarge", "m5.2xlarge"], var.instance_type)\n}\n';
    assert.deepEqual(roles(find('main.tf', local)), ['m5.xlarge:option', 'm5.2xlarge:option']);
    // Preconditions and IAM conditions are not allowed lists of a variable.
    const pre =
      'resource "aws_instance" "a" {\n  instance_type = "m5.large"\n  lifecycle {\n    precondition {\n      condition = contains(["c5.large"], self.instance_type)\n      error_message = "x"\n    }\n  }\n}\n';
    assert.deepEqual(roles(find('main.tf', pre)), ['m5.large:value']);
  });
});

describe('IaC recognise: cdk.json context', () => {
  const cdkJson = `{
  "app": "npx ts-node --prefer-ts-exts bin/app.ts",
  "watch": { "include": ["**"], "exclude": ["README.md"] },
  "context": {
    "instanceType": "m5.large",
    "dbClass": "db.r6g.large",
    "note": "t3.micro is enough for dev",
    "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": true
  }
}
`;

  it('is a CDK file whose context values are sizes (value role, labelled by key); prose and other keys are not', () => {
    const scan = recognise({ fileName: 'infra/cdk.json', text: cdkJson });
    assert.equal(scan.format, 'cdk');
    assert.ok(isIacFileName('cdk.json') && isIacFileName('cdk.context.json'));
    assert.deepEqual(
      scan.findings.map((f) => `${f.token}:${f.kind}:${f.role}:${f.resource}`),
      ['m5.large:ec2:value:context instanceType', 'db.r6g.large:rds:value:context dbClass'],
    );
    assert.equal(scan.findings[0]!.region, undefined, 'no region key: the app decides, nothing is guessed');
    // Any other JSON file with a context key is not CDK.
    assert.equal(recognise({ fileName: 'settings.json', text: cdkJson }).findings.length, 0);
  });

  it('takes a literal context region (top level, or the environment object of the size); a computed one is none', () => {
    const text =
      '{"context": {"aws:region": "eu-central-1", "size": "c6i.large", "prod": {"region": "us-east-1", "instanceType": "m6i.xlarge"}, "dev": {"region": "${AWS_REGION}", "instanceType": "t3.small"}}}';
    const fs = find('cdk.json', text);
    assert.deepEqual(
      fs.map((f) => `${f.token}@${f.region?.code ?? '-'}`),
      ['c6i.large@eu-central-1', 'm6i.xlarge@us-east-1', 't3.small@eu-central-1'],
    );
    assert.match(fs[0]!.region!.reason, /cdk\.json context aws:region: eu-central-1 \(cdk\.json:1\)/);
    assert.equal(find('cdk.json', '{"context": {"region": "somewhere", "size": "c6i.large"}}')[0]?.region, undefined);
  });

  it('cdk.context.json: its top level is the context; cached lookups are not configuration', () => {
    const text =
      '{\n  "instanceType": "r6g.large",\n  "vpc-provider:account=123456789012:filter.tag:Name=main:region=us-east-1": {"instanceType": "m5.large"},\n  "availability-zones:account=123456789012:region=us-east-1": ["us-east-1a"]\n}\n';
    const scan = recognise({ fileName: 'cdk.context.json', text });
    assert.equal(scan.format, 'cdk');
    assert.deepEqual(tokens(scan.findings), ['r6g.large']);
  });
});
