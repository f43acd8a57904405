/**
 * IaC recogniser benchmark (in process, no I/O in the timed part):
 * - a generated 10,000-line Terraform file (resources with sizes, tags, heredoc user data, comments,
 *   variables, locals, module maps): recognise() repeated, p50/p99. Target: under 20 ms.
 * - the same for a 10,000-line CloudFormation YAML template, for comparison;
 * - per keystroke on typical files from the corpus: one character typed at a time inside a value,
 *   the whole text recognised after each (what the editor does per document version), p50/p99.
 * Prints figures; asserts nothing about time.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { recognise } from '../../src/core/iac/recognise';

const corpus = path.resolve(__dirname, '../../../test/fixtures/iac');
const families = ['m5', 'm6i', 'm7g', 'c6i', 'c7g', 'r6g', 't3', 't4g', 'r7i', 'm7i-flex'];
const sizes = ['large', 'xlarge', '2xlarge', 'medium', '4xlarge'];

/** A Terraform file of exactly `lines` lines, shaped like a big real module. */
export function generatedTerraform(lines: number): string {
  const out: string[] = ['provider "aws" {', '  region = var.region', '}', 'variable "region" {', '  default = "eu-west-1"', '}'];
  for (let i = 0; out.length < lines; i++) {
    const size = `${families[i % families.length]}.${sizes[i % sizes.length]}`;
    switch (i % 4) {
      case 0:
        out.push(
          `# web tier ${i}: was m4.large before the migration`,
          `resource "aws_instance" "web_${i}" {`,
          `  count         = ${1 + (i % 3)}`,
          '  ami           = data.aws_ami.al2023.id',
          `  instance_type = var.env == "prod" ? "${size}" : "t3.micro"`,
          '  subnet_id     = module.vpc.private_subnets[0]',
          '  user_data     = <<-EOT',
          '    #!/bin/bash',
          '    echo "hello from m5.large" > /etc/motd',
          '  EOT',
          '  tags = {',
          `    Name = "web-${i}"`,
          '    Size = "m5.large"',
          '  }',
          '}',
        );
        break;
      case 1:
        out.push(
          `resource "aws_db_instance" "db_${i}" {`,
          '  engine            = "postgres"',
          '  engine_version    = "16.3"',
          `  instance_class    = "db.${size}"`,
          '  allocated_storage = 100',
          `  description       = "database ${i}, sized like db.r6g.xlarge"`,
          '}',
        );
        break;
      case 2:
        out.push(
          `module "eks_${i}" {`,
          '  source = "terraform-aws-modules/eks/aws"',
          '  eks_managed_node_groups = {',
          '    general = {',
          `      instance_types = ["${size}", "m5.large", "m5n.large"]`,
          '      desired_size   = 3',
          '    }',
          '  }',
          '}',
        );
        break;
      default:
        out.push(
          `variable "size_${i}" {`,
          '  description = "Instance type, e.g. m5.large"',
          '  type        = string',
          `  default     = "${size}"`,
          '}',
          `locals {`,
          `  sizes_${i} = { prod = "${size}", dev = "t3.small" }`,
          '}',
        );
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** A CloudFormation template of about `lines` lines. */
export function generatedTemplate(lines: number): string {
  const out: string[] = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: generated', 'Resources:'];
  for (let i = 0; out.length < lines; i++) {
    const size = `${families[i % families.length]}.${sizes[i % sizes.length]}`;
    out.push(
      `  Web${i}:`,
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      `      InstanceType: !If [IsProd, ${size}, t3.micro]`,
      '      ImageId: !FindInMap [RegionMap, !Ref "AWS::Region", AMI]',
      '      Tags:',
      '        - Key: Size',
      '          Value: m5.large',
      '      UserData:',
      '        Fn::Base64: !Sub |',
      '          #!/bin/bash',
      '          echo m5.large',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

function time(run: () => void, rounds: number, warmup = 5): number[] {
  for (let i = 0; i < warmup; i++) run();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    run();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}

function line(label: string, ms: number[], extra: string): void {
  console.log(
    `    ${label.padEnd(34)} p50 ${percentile(ms, 0.5).toFixed(2).padStart(6)} ms   p99 ${percentile(ms, 0.99).toFixed(2).padStart(6)} ms   min ${ms[0]!.toFixed(2)} ms   ${extra}`,
  );
}

/** Typing `typed` one character at a time at `at` in `text`: the cost of recognising each version. */
function keystrokes(fileName: string, text: string, at: number, typed: string): number[] {
  const ms: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (let k = 0; k <= typed.length; k++) {
      const version = text.slice(0, at) + typed.slice(0, k) + text.slice(at);
      const t = process.hrtime.bigint();
      recognise({ fileName, text: version });
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return ms.sort((a, b) => a - b);
}

export async function benchIac(): Promise<void> {
  console.log('IaC recogniser benchmark (in process; whole-text recognise per run)');
  const tf = generatedTerraform(10_000);
  const tfFindings = recognise({ fileName: 'main.tf', text: tf }).findings.length;
  const tfMs = time(() => recognise({ fileName: 'main.tf', text: tf }), 60);
  line(
    'Terraform, 10,000 lines',
    tfMs,
    `${(tf.length / 1024).toFixed(0)} KiB, ${tfFindings} findings, ${(tf.length / 1e6 / (percentile(tfMs, 0.5) / 1000)).toFixed(0)} MB/s (target < 20 ms)`,
  );
  const yaml = generatedTemplate(10_000);
  const yamlFindings = recognise({ fileName: 'template.yaml', text: yaml }).findings.length;
  const yamlMs = time(() => recognise({ fileName: 'template.yaml', text: yaml }), 60);
  line('CloudFormation YAML, 10,000 lines', yamlMs, `${(yaml.length / 1024).toFixed(0)} KiB, ${yamlFindings} findings`);

  console.log('  per keystroke (typing a size into a value, recognising every version):');
  const typical: { file: string; after: string; typed: string }[] = [
    { file: 'terraform/basic/main.tf', after: 'instance_class = "', typed: 'db.m7g.2xlarge' },
    { file: 'cloudformation/web.yaml', after: 'CacheNodeType: "', typed: 'cache.r7g.large' },
    { file: 'cdk/typescript/lib/app-stack.ts', after: "new ec2.InstanceType('", typed: 'm7i.xlarge' },
    { file: 'kubernetes/workloads.yaml', after: 'instance-type: ', typed: 'c7i.large' },
  ];
  for (const t of typical) {
    const text = readFileSync(path.join(corpus, t.file), 'utf8');
    const at = text.indexOf(t.after) + t.after.length;
    const ms = keystrokes(t.file, text, at, t.typed);
    line(t.file, ms, `${text.split('\n').length} lines, ${ms.length} versions`);
  }
}

if (require.main === module) {
  benchIac().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
