/**
 * A tolerant HCL reader (Terraform, OpenTofu, Terragrunt, Packer). Blocks become maps with labels,
 * attributes map entries, and expressions a loose tree: strings (with `${}` templates), tuples,
 * objects, function calls, and everything else as atoms (references, numbers, operators). No
 * evaluation: the rules only need to know which key, block and call a string sits in. Never throws;
 * a broken line is skipped, an unclosed string ends at its line, an unclosed bracket at the file end.
 */
import { maxTreeDepth } from './tree';
import type { TreeEntry, TreeExpr, TreeList, TreeMap, TreeNode, TreeScalar } from './tree';

export function parseHcl(text: string, from = 0, to = text.length): TreeMap {
  const parser = new HclParser(text, from, to);
  const root: TreeMap = { type: 'map', start: from, end: to, entries: [] };
  root.entries = parser.body(false, 0);
  return root;
}

const LF = 10;
const CR = 13;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
}

class HclParser {
  private pos: number;

  constructor(
    private readonly text: string,
    from: number,
    private readonly end: number,
  ) {
    this.pos = from;
  }

  // --- trivia -----------------------------------------------------------------------------------

  /** Spaces and comments; line breaks too unless `stopAtNewline`. */
  private skip(stopAtNewline: boolean): void {
    const t = this.text;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9) {
        this.pos++;
      } else if (c === LF || c === CR) {
        if (stopAtNewline) return;
        this.pos++;
      } else if (c === 35 /* # */ || (c === 47 && t.charCodeAt(this.pos + 1) === 47)) {
        while (this.pos < this.end && t.charCodeAt(this.pos) !== LF && t.charCodeAt(this.pos) !== CR) this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const close = t.indexOf('*/', this.pos + 2);
        this.pos = close < 0 || close >= this.end ? this.end : close + 2;
      } else {
        return;
      }
    }
  }

  private skipLine(): void {
    const t = this.text;
    while (this.pos < this.end && t.charCodeAt(this.pos) !== LF && t.charCodeAt(this.pos) !== CR) this.pos++;
  }

  private ident(): string {
    const start = this.pos;
    while (this.pos < this.end && isIdentPart(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  // --- bodies -----------------------------------------------------------------------------------

  body(closed: boolean, depth: number): TreeEntry[] {
    const entries: TreeEntry[] = [];
    if (depth >= maxTreeDepth) {
      this.pos = this.end;
      return entries;
    }
    const t = this.text;
    for (;;) {
      this.skip(false);
      if (this.pos >= this.end) break;
      const c = t.charCodeAt(this.pos);
      if (c === 125 /* } */) {
        this.pos++;
        if (closed) break;
        continue;
      }
      if (!isIdentStart(c)) {
        this.skipLine();
        continue;
      }
      const keyStart = this.pos;
      const key = this.ident();
      const keyEnd = this.pos;
      this.skip(true);
      const next = t.charCodeAt(this.pos);
      if ((next === 61 /* = */ && t.charCodeAt(this.pos + 1) !== 61) || next === 58 /* : (tolerated) */) {
        this.pos++;
        const value = this.expr(true, depth + 1);
        entries.push({ key, keyStart, keyEnd, value });
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skip(true);
        const l = t.charCodeAt(this.pos);
        if (l === 34 /* " */) {
          const s = this.string(depth + 1);
          labels.push(s.type === 'scalar' ? s.value : t.slice(s.start, s.end));
        } else if (isIdentStart(l)) {
          labels.push(this.ident());
        } else {
          break;
        }
      }
      if (t.charCodeAt(this.pos) === 123 /* { */) {
        const start = this.pos;
        this.pos++;
        const block: TreeMap = { type: 'map', start, end: start, entries: [], labels };
        block.entries = this.body(true, depth + 1);
        block.end = this.pos;
        entries.push({ key, keyStart, keyEnd, value: block, block: true });
      } else {
        // Half-typed (`resource "aws_instance"` with no brace yet) or not HCL: skip the line.
        this.skipLine();
      }
    }
    return entries;
  }

  // --- expressions ------------------------------------------------------------------------------

  /**
   * One expression: ends at `,` `)` `]` `}` and, for attribute values and object elements
   * (`stopAtNewline`), at the end of the line.
   */
  private expr(stopAtNewline: boolean, depth: number): TreeNode | undefined {
    const t = this.text;
    // Most expressions are one value: the array is only made for the second part.
    let first: TreeNode | undefined;
    let parts: TreeNode[] | undefined;
    const push = (node: TreeNode): void => {
      if (first === undefined) first = node;
      else (parts ??= [first]).push(node);
    };
    const start = this.pos;
    if (depth >= maxTreeDepth) {
      this.pos = this.end;
      return undefined;
    }
    for (;;) {
      this.skip(stopAtNewline);
      if (this.pos >= this.end) break;
      const c = t.charCodeAt(this.pos);
      if (c === LF || c === CR) break;
      if (c === 44 || c === 41 || c === 93 || c === 125) break;
      const before = this.pos;
      if (c === 34) {
        push(this.string(depth + 1));
      } else if (c === 60 /* < */ && t.charCodeAt(this.pos + 1) === 60 && this.heredocAhead()) {
        push(this.heredoc());
      } else if (c === 91 /* [ */) {
        push(this.sequence(93, depth + 1));
      } else if (c === 123 /* { */) {
        push(this.object(depth + 1));
      } else if (c === 40 /* ( */) {
        push(this.sequence(41, depth + 1));
      } else if (isIdentStart(c)) {
        push(this.reference(depth + 1));
      } else if (c >= 48 && c <= 57) {
        const s = this.pos;
        // [0-9.eE] by char code: no one-character string per digit.
        for (let d = c; this.pos < this.end && ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69); d = t.charCodeAt(this.pos)) this.pos++;
        push({ type: 'scalar', start: s, end: this.pos, value: t.slice(s, this.pos), literal: false, quoted: false });
      } else {
        // Operators (`?`, `:`, `==`, `&&`...) carry nothing the rules read.
        this.pos++;
      }
      if (this.pos === before) this.pos++;
    }
    if (parts) return { type: 'expr', start, end: this.pos, parts };
    return first;
  }

  /** `var.x`, `aws.west`, `each.value.size`, or a call `lookup(...)`. */
  private reference(depth: number): TreeNode {
    const t = this.text;
    const start = this.pos;
    this.ident();
    while (t.charCodeAt(this.pos) === 46 /* . */ && this.pos + 1 < this.end) {
      const n = t.charCodeAt(this.pos + 1);
      if (!isIdentPart(n) && n !== 42 /* * */) break;
      this.pos++;
      if (n === 42) this.pos++;
      else this.ident();
    }
    const name = t.slice(start, this.pos);
    if (t.charCodeAt(this.pos) === 40 /* ( */) {
      const args = this.sequence(41, depth);
      return { type: 'expr', start, end: this.pos, parts: args.type === 'list' ? args.items : [], call: name };
    }
    return { type: 'scalar', start, end: this.pos, value: name, literal: false, quoted: false };
  }

  /** `[a, b]` or `(a, b)`: items separated by commas; a mismatched closer ends it unconsumed. */
  private sequence(closer: number, depth: number): TreeList {
    const t = this.text;
    const list: TreeList = { type: 'list', start: this.pos, end: this.pos, items: [] };
    this.pos++;
    for (;;) {
      this.skip(false);
      if (this.pos >= this.end) break;
      const c = t.charCodeAt(this.pos);
      if (c === closer) {
        this.pos++;
        break;
      }
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 41 || c === 93 || c === 125) break;
      const before = this.pos;
      const item = this.expr(false, depth + 1);
      if (item) list.items.push(item);
      if (this.pos === before) this.pos++;
    }
    list.end = this.pos;
    return list;
  }

  private object(depth: number): TreeNode {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    this.skip(false);
    if (t.startsWith('for', this.pos) && !isIdentPart(t.charCodeAt(this.pos + 3))) {
      // `{ for k, v in x : k => v }`: not a map of keys, just values to look at.
      const parts: TreeNode[] = [];
      for (;;) {
        this.skip(false);
        if (this.pos >= this.end) break;
        const c = t.charCodeAt(this.pos);
        if (c === 125) {
          this.pos++;
          break;
        }
        if (c === 41 || c === 93) break;
        const before = this.pos;
        const item = this.expr(false, depth + 1);
        if (item) parts.push(item);
        if (this.pos === before) this.pos++;
      }
      return { type: 'expr', start, end: this.pos, parts } satisfies TreeExpr;
    }
    const map: TreeMap = { type: 'map', start, end: start, entries: [] };
    for (;;) {
      this.skip(false);
      if (this.pos >= this.end) break;
      const c = t.charCodeAt(this.pos);
      if (c === 125) {
        this.pos++;
        break;
      }
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 41 || c === 93) break;
      const keyStart = this.pos;
      let key = '';
      let keyNode: TreeScalar | undefined;
      if (c === 34) {
        const s = this.string(depth + 1);
        if (s.type === 'scalar') {
          key = s.value;
          keyNode = s;
        }
      } else if (c === 40) {
        this.sequence(41, depth + 1);
      } else if (isIdentStart(c)) {
        const ref = this.reference(depth + 1);
        key = ref.type === 'scalar' ? ref.value : '';
      } else {
        this.pos++;
        continue;
      }
      const keyEnd = keyNode ? keyNode.end : this.pos;
      this.skip(true);
      let value: TreeNode | undefined;
      const sep = t.charCodeAt(this.pos);
      if ((sep === 61 && t.charCodeAt(this.pos + 1) !== 61) || sep === 58) {
        this.pos++;
        value = this.expr(true, depth + 1);
      }
      map.entries.push({ key, keyStart: keyNode ? keyNode.start : keyStart, keyEnd, value, keyNode });
    }
    map.end = this.pos;
    return map;
  }

  /** A quoted template: a scalar, or an expression of literal parts and `${...}` interpolations. */
  private string(depth: number): TreeScalar | TreeExpr {
    const t = this.text;
    const open = this.pos;
    // Fast path: most strings are plain literals (no escape, no template, closed on their line).
    for (let i = open + 1; i < this.end; i++) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return { type: 'scalar', start: open + 1, end: i, value: t.slice(open + 1, i), literal: true, quoted: true };
      }
      if (c === 92 || c === LF || c === CR || ((c === 36 || c === 37) && t.charCodeAt(i + 1) === 123)) break;
    }
    this.pos++;
    const parts: TreeNode[] = [];
    let segStart = this.pos;
    const flush = (end: number): void => {
      if (end > segStart) parts.push({ type: 'scalar', start: segStart, end, value: t.slice(segStart, end), literal: true, quoted: true });
    };
    let closed = false;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === 92 /* \ */) {
        this.pos += 2;
        continue;
      }
      if (c === 34) {
        closed = true;
        break;
      }
      // Strings never span lines: an unclosed one is a line being typed.
      if (c === LF || c === CR) break;
      if ((c === 36 /* $ */ || c === 37) /* % */ && t.charCodeAt(this.pos + 1) === 123) {
        if (t.charCodeAt(this.pos - 1) === c && this.pos - 1 >= segStart && t.charCodeAt(this.pos - 2) !== c) {
          // `$${` / `%%{`: an escaped, literal `${`.
          this.pos += 2;
          continue;
        }
        flush(this.pos);
        this.pos += 2;
        // An interpolation ends at its `}`, or (unclosed, being typed) at the end of the line.
        for (;;) {
          this.skip(true);
          if (this.pos >= this.end) break;
          const d = t.charCodeAt(this.pos);
          if (d === 125) {
            this.pos++;
            break;
          }
          if (d === LF || d === CR) break;
          const before = this.pos;
          const inner = this.expr(true, depth + 1);
          if (inner) parts.push(inner);
          if (this.pos === before) this.pos++;
        }
        segStart = this.pos;
        continue;
      }
      this.pos++;
    }
    const end = Math.min(this.pos, this.end);
    flush(end);
    if (closed) this.pos++;
    const only = parts[0];
    if (parts.length === 1 && only && only.type === 'scalar' && only.start === open + 1 && only.end === end) return only;
    if (parts.length === 0) return { type: 'scalar', start: open + 1, end, value: '', literal: true, quoted: true };
    return { type: 'expr', start: open + 1, end, parts };
  }

  private heredocAhead(): boolean {
    return /^<<-?[A-Za-z_][A-Za-z0-9_]*[ \t]*(\r?\n|$)/.test(this.text.slice(this.pos, Math.min(this.end, this.pos + 80)));
  }

  /** `<<EOT` / `<<-EOT` to the line holding only the marker: kept as free text with its marker. */
  private heredoc(): TreeScalar {
    const t = this.text;
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)/.exec(t.slice(this.pos, this.pos + 80))!;
    const marker = m[1]!;
    let p = this.pos + m[0].length;
    while (p < this.end && t.charCodeAt(p) !== LF) p++;
    const start = Math.min(p + 1, this.end);
    let lineStart = start;
    let end = this.end;
    let after = this.end;
    while (lineStart < this.end) {
      let lineEnd = t.indexOf('\n', lineStart);
      if (lineEnd < 0 || lineEnd > this.end) lineEnd = this.end;
      if (t.slice(lineStart, lineEnd).trim() === marker) {
        end = lineStart;
        after = lineEnd;
        break;
      }
      lineStart = lineEnd + 1;
    }
    this.pos = after;
    return { type: 'scalar', start, end, value: t.slice(start, end), literal: true, quoted: false, text: true, marker };
  }
}
