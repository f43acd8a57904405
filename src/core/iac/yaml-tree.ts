/**
 * A tolerant YAML reader for the subset infrastructure files use: block maps and sequences, flow
 * collections, quoted and plain scalars, block scalars, tags (`!Ref`, `!If`), anchors and aliases,
 * comments, several documents per file. It never throws and always moves forward: a half-typed line
 * is skipped, an unclosed quote or bracket ends where the indentation says the next key starts.
 * What it keeps is exactly what the size rules need: keys, values and their offsets.
 */
import { maxTreeDepth } from './tree';
import type { TreeEntry, TreeList, TreeMap, TreeNode, TreeScalar } from './tree';

export interface YamlDocument {
  start: number;
  end: number;
  /** The document's top-level nodes: one in a well-formed file, more after a broken line. */
  nodes: TreeNode[];
}

interface Line {
  /** Offset of the first character that is not indentation. */
  start: number;
  indent: number;
  doc?: 'start' | 'end';
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;

export function parseYaml(text: string, from = 0, to = text.length): YamlDocument[] {
  return new YamlParser(text, from, to).documents();
}

class YamlParser {
  private pos: number;
  /** The rest of a line after `- ` (or `key:` inside it), parsed as if it were a line of its own. */
  private pending: Line | undefined;
  private depth = 0;
  private flowAborted = false;

  constructor(
    private readonly text: string,
    from: number,
    private readonly end: number,
  ) {
    this.pos = from;
  }

  documents(): YamlDocument[] {
    const docs: YamlDocument[] = [];
    let doc: YamlDocument = { start: this.pos, end: this.pos, nodes: [] };
    for (;;) {
      const line = this.peek();
      if (!line) break;
      if (line.doc) {
        if (doc.nodes.length > 0 || docs.length > 0 || line.doc === 'end') {
          doc.end = line.start;
          docs.push(doc);
        }
        this.consumeLine();
        doc = { start: this.pos, end: this.pos, nodes: [] };
        continue;
      }
      const before = this.pos;
      const node = this.parseNode(0);
      if (node) doc.nodes.push(node);
      // Always move forward, whatever the line held.
      if (this.pos === before) this.consumeLine();
    }
    doc.end = this.end;
    if (doc.nodes.length > 0 || docs.length === 0) docs.push(doc);
    return docs;
  }

  // --- lines ----------------------------------------------------------------------------------

  private lineEnd(p: number): number {
    const t = this.text;
    while (p < this.end) {
      const c = t.charCodeAt(p);
      if (c === LF || c === CR) return p;
      p++;
    }
    return this.end;
  }

  private nextLine(p: number): number {
    const e = this.lineEnd(p);
    if (e >= this.end) return this.end;
    if (this.text.charCodeAt(e) === CR && this.text.charCodeAt(e + 1) === LF) return e + 2;
    return e + 1;
  }

  private lineStartOf(p: number): number {
    const t = this.text;
    while (p > 0) {
      const c = t.charCodeAt(p - 1);
      if (c === LF || c === CR) break;
      p--;
    }
    return p;
  }

  private column(p: number): number {
    return p - this.lineStartOf(p);
  }

  private isEol(p: number): boolean {
    if (p >= this.end) return true;
    const c = this.text.charCodeAt(p);
    return c === LF || c === CR;
  }

  private isBlank(p: number): boolean {
    if (p >= this.end) return true;
    const c = this.text.charCodeAt(p);
    return c === SPACE || c === TAB || c === LF || c === CR;
  }

  private skipSpaces(p: number): number {
    const t = this.text;
    while (p < this.end) {
      const c = t.charCodeAt(p);
      if (c !== SPACE && c !== TAB) break;
      p++;
    }
    return p;
  }

  /** True at the end of the line or at a comment. */
  private atLineEnd(p: number): boolean {
    return this.isEol(p) || this.text.charCodeAt(p) === HASH;
  }

  /** The next line with content (blank and comment lines skipped, for good). */
  private peek(): Line | undefined {
    if (this.pending) return this.pending;
    const t = this.text;
    while (this.pos < this.end) {
      const lineStart = this.pos;
      const p = this.skipSpaces(lineStart);
      if (this.isEol(p) || t.charCodeAt(p) === HASH || (p === lineStart && t.charCodeAt(p) === 37 /* % directive */)) {
        this.pos = this.nextLine(p);
        continue;
      }
      if (p === lineStart && (t.startsWith('---', p) || t.startsWith('...', p)) && this.isBlank(p + 3)) {
        return { start: p, indent: 0, doc: t.charCodeAt(p) === 45 ? 'start' : 'end' };
      }
      return { start: p, indent: p - lineStart };
    }
    return undefined;
  }

  private consumeLine(): void {
    const at = this.pending ? this.pending.start : this.pos;
    this.pending = undefined;
    this.pos = this.nextLine(at);
  }

  /** Done with the line that holds `p`: go to the start of the next one. */
  private finishLine(p: number): void {
    this.pending = undefined;
    this.pos = this.nextLine(Math.min(p, this.end));
  }

  private isSeqItem(p: number): boolean {
    return this.text.charCodeAt(p) === 45 /* - */ && this.isBlank(p + 1);
  }

  /** The colon that makes the line at `p` a `key: value` line, or -1. */
  private keyColon(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 91 /* [ */ || c === 123 /* { */ || c === 63 /* ? */ || c === 45 /* - */ && this.isBlank(p + 1)) return -1;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = this.quotedEnd(p, false);
      if (close < 0) return -1;
      const q = this.skipSpaces(close + 1);
      return t.charCodeAt(q) === 58 /* : */ && this.isBlank(q + 1) ? q : -1;
    }
    const stop = this.lineEnd(p);
    for (let i = p; i < stop; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 58 /* : */ && this.isBlank(i + 1)) return i;
      if (ch === HASH && i > p && (t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === TAB)) return -1;
    }
    return -1;
  }

  /** The closing quote of the quoted scalar at `p` on the same line, or -1 (when `multiLine` is false). */
  private quotedEnd(p: number, multiLine: boolean): number {
    const t = this.text;
    const q = t.charCodeAt(p);
    for (let i = p + 1; i < this.end; i++) {
      const c = t.charCodeAt(i);
      if (!multiLine && (c === LF || c === CR)) return -1;
      if (q === 34 && c === 92 /* \ */) {
        i++;
        continue;
      }
      if (c === q) {
        if (q === 39 && t.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  // --- block structure -----------------------------------------------------------------------------

  private parseNode(minIndent: number): TreeNode | undefined {
    const line = this.peek();
    if (!line || line.doc || line.indent < minIndent) return undefined;
    if (this.depth >= maxTreeDepth) {
      this.skipDeeper(line.indent);
      return undefined;
    }
    this.depth++;
    try {
      if (this.isSeqItem(line.start)) return this.parseSeq(line.indent);
      if (this.keyColon(line.start) >= 0) return this.parseMap(line.indent);
      const pending = this.pending !== undefined;
      this.pending = undefined;
      return this.parseValue(line.start, pending ? line.indent - 1 : minIndent - 1, false);
    } finally {
      this.depth--;
    }
  }

  /** Too deep to be real: skip every line indented at least `indent`. */
  private skipDeeper(indent: number): void {
    this.consumeLine();
    for (let line = this.peek(); line && !line.doc && line.indent >= indent; line = this.peek()) this.consumeLine();
  }

  private parseMap(indent: number): TreeMap {
    const first = this.peek()!;
    const map: TreeMap = { type: 'map', start: first.start, end: first.start, entries: [] };
    for (;;) {
      const line = this.peek();
      if (!line || line.doc || line.indent < indent) break;
      if (line.indent > indent) {
        // A stray, more indented line (a broken continuation): skip it, keep the map.
        this.consumeLine();
        continue;
      }
      const colon = this.keyColon(line.start);
      if (colon < 0) {
        if (this.isSeqItem(line.start) && map.entries.length === 0) break;
        this.consumeLine();
        continue;
      }
      const key = this.keyScalar(line.start, colon);
      this.pending = undefined;
      const value = this.parseValue(this.skipSpaces(colon + 1), indent, true);
      const entry: TreeEntry = { key: key.value, keyStart: key.start, keyEnd: key.end, value, keyNode: key };
      map.entries.push(entry);
      map.end = value ? Math.max(value.end, key.end) : key.end;
    }
    return map;
  }

  private keyScalar(p: number, colon: number): TreeScalar {
    const c = this.text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, false);
      if (close > p) return { type: 'scalar', start: p + 1, end: close, value: this.text.slice(p + 1, close), literal: true, quoted: true };
    }
    let e = colon;
    while (e > p && this.isBlank(e - 1)) e--;
    return { type: 'scalar', start: p, end: e, value: this.text.slice(p, e), literal: true, quoted: false };
  }

  private parseSeq(indent: number): TreeList {
    const first = this.peek()!;
    const list: TreeList = { type: 'list', start: first.start, end: first.start, items: [] };
    for (;;) {
      const line = this.peek();
      if (!line || line.doc || line.indent < indent) break;
      if (line.indent > indent) {
        this.consumeLine();
        continue;
      }
      if (!this.isSeqItem(line.start)) break;
      const p = this.skipSpaces(line.start + 1);
      this.pending = undefined;
      let item: TreeNode | undefined;
      if (this.atLineEnd(p)) {
        this.finishLine(p);
        item = this.parseNode(indent + 1);
      } else {
        const lineStartPos = this.pos;
        this.pending = { start: p, indent: this.column(p) };
        item = this.parseNode(this.pending.indent);
        // Nothing consumed the rest of the line: drop it so the loop moves on.
        if (this.pending || this.pos === lineStartPos) this.finishLine(p);
      }
      if (item) {
        list.items.push(item);
        list.end = item.end;
      } else {
        list.end = Math.max(list.end, p);
      }
    }
    return list;
  }

  /**
   * A value that starts at `p` on the current line, owned by something at `indent` (the key's or
   * the dash's column). `afterKey`: a block sequence may sit at the key's own indentation.
   */
  private parseValue(p: number, indent: number, afterKey: boolean): TreeNode | undefined {
    const t = this.text;
    let tag: string | undefined;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c !== 33 /* ! */ && c !== 38 /* & */) break;
      let e = p;
      while (e < this.end && !this.isBlank(e) && t.charCodeAt(e) !== 44 /* , */) e++;
      if (c === 33) tag = t.slice(p, e);
      p = this.skipSpaces(e);
    }
    if (this.atLineEnd(p)) {
      this.finishLine(p);
      const next = this.peek();
      let node: TreeNode | undefined;
      if (next && !next.doc && (next.indent > indent || (afterKey && next.indent === indent && this.isSeqItem(next.start)))) {
        node = this.parseNode(next.indent);
      }
      if (node && tag) node.tag = tag;
      if (!node && tag) return { type: 'scalar', start: p, end: p, value: '', literal: true, quoted: false, tag };
      return node;
    }
    const c = t.charCodeAt(p);
    let node: TreeNode;
    if (c === 124 /* | */ || c === 62 /* > */) {
      node = this.parseBlockScalar(p, indent);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      this.flowAborted = false;
      const { node: flow, end } = this.parseFlow(p, indent, 0);
      node = flow;
      if (this.flowAborted) {
        this.pos = this.lineStartOf(end);
        this.pending = undefined;
        this.flowAborted = false;
      } else {
        this.finishLine(end);
      }
    } else if (c === 34 || c === 39) {
      const { node: quoted, end } = this.parseQuoted(p, indent);
      node = quoted;
      this.finishLine(end);
    } else {
      node = this.parsePlain(p, indent);
    }
    if (tag) node.tag = tag;
    return node;
  }

  private parseBlockScalar(p: number, indent: number): TreeScalar {
    const t = this.text;
    let lineStart = this.nextLine(p);
    const start = lineStart;
    let end = start;
    while (lineStart < this.end) {
      const q = this.skipSpaces(lineStart);
      if (!this.isEol(q) && q - lineStart <= indent) break;
      if (!this.isEol(q)) end = this.lineEnd(q);
      lineStart = this.nextLine(q);
    }
    this.pending = undefined;
    this.pos = lineStart;
    return { type: 'scalar', start, end: Math.max(start, end), value: t.slice(start, Math.max(start, end)), literal: true, quoted: false, text: true };
  }

  private parseQuoted(p: number, indent: number): { node: TreeScalar; end: number } {
    const t = this.text;
    const q = t.charCodeAt(p);
    let i = p + 1;
    for (; i < this.end; i++) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR) {
        // Continuation lines of a quoted scalar are indented more than its owner; otherwise the
        // quote was never closed (a line being typed) and the next line is the next key.
        const next = this.nextLine(i);
        const q2 = this.skipSpaces(next);
        if (next >= this.end || q2 - next <= indent) break;
        continue;
      }
      if (q === 34 && c === 92) {
        i++;
        continue;
      }
      if (c === q) {
        if (q === 39 && t.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return { node: { type: 'scalar', start: p + 1, end: i, value: t.slice(p + 1, i), literal: true, quoted: true }, end: i + 1 };
      }
    }
    let e = Math.min(i, this.end);
    while (e > p + 1 && this.isBlank(e - 1)) e--;
    return { node: { type: 'scalar', start: p + 1, end: e, value: t.slice(p + 1, e), literal: true, quoted: true }, end: e };
  }

  private parsePlain(p: number, indent: number): TreeScalar {
    const t = this.text;
    let end = this.plainEnd(p);
    let lineStart = this.nextLine(end);
    // Multi-line plain scalars: continuation lines are more indented and are not keys or items.
    while (lineStart < this.end) {
      const q = this.skipSpaces(lineStart);
      if (this.isEol(q)) break;
      if (q - lineStart <= indent || t.charCodeAt(q) === HASH || this.isSeqItem(q) || this.keyColon(q) >= 0) break;
      end = this.plainEnd(q);
      lineStart = this.nextLine(end);
    }
    this.pending = undefined;
    this.pos = lineStart;
    return { type: 'scalar', start: p, end, value: t.slice(p, end), literal: true, quoted: false };
  }

  /** End of a plain scalar on this line: before ` #` and trailing spaces. */
  private plainEnd(p: number): number {
    const t = this.text;
    let e = p;
    const stop = this.lineEnd(p);
    while (e < stop) {
      const c = t.charCodeAt(e);
      if (c === HASH && e > p && (t.charCodeAt(e - 1) === SPACE || t.charCodeAt(e - 1) === TAB)) break;
      e++;
    }
    while (e > p && this.isBlank(e - 1)) e--;
    return e;
  }

  // --- flow collections -------------------------------------------------------------------------

  /** Skips spaces, line breaks and comments inside a flow collection; notices an unclosed one. */
  private flowSpace(p: number, indent: number): number {
    const t = this.text;
    while (p < this.end) {
      const c = t.charCodeAt(p);
      if (c === SPACE || c === TAB) {
        p++;
      } else if (c === LF || c === CR) {
        const next = this.nextLine(p);
        const q = this.skipSpaces(next);
        // `key: [a, b,` and then the next key at the owner's indentation: the bracket was never closed.
        if (q < this.end && q - next <= indent && (this.keyColon(q) >= 0 || this.isSeqItem(q))) {
          this.flowAborted = true;
          return q;
        }
        p = next;
      } else if (c === HASH && (p === 0 || this.isBlank(p - 1))) {
        p = this.lineEnd(p);
      } else {
        break;
      }
    }
    return p;
  }

  private parseFlow(p: number, indent: number, depth: number): { node: TreeNode; end: number } {
    const t = this.text;
    const open = t.charCodeAt(p);
    if (depth >= maxTreeDepth) return { node: { type: 'scalar', start: p, end: p, value: '', literal: false, quoted: false }, end: this.lineEnd(p) };
    if (open === 91) {
      const list: TreeList = { type: 'list', start: p, end: p, items: [] };
      p++;
      for (;;) {
        p = this.flowSpace(p, indent);
        if (this.flowAborted || p >= this.end) break;
        const c = t.charCodeAt(p);
        if (c === 93 /* ] */) {
          p++;
          break;
        }
        if (c === 44) {
          p++;
          continue;
        }
        if (c === 125 /* } */) break;
        const before = p;
        const item = this.parseFlowItem(p, indent, depth, true);
        p = Math.max(item.end, before + 1);
        if (item.node) list.items.push(item.node);
      }
      list.end = p;
      return { node: list, end: p };
    }
    const map: TreeMap = { type: 'map', start: p, end: p, entries: [] };
    p++;
    for (;;) {
      p = this.flowSpace(p, indent);
      if (this.flowAborted || p >= this.end) break;
      const c = t.charCodeAt(p);
      if (c === 125) {
        p++;
        break;
      }
      if (c === 44) {
        p++;
        continue;
      }
      if (c === 93) break;
      const before = p;
      const key = this.flowScalar(p);
      p = this.flowSpace(Math.max(key.end, before + 1), indent);
      let value: TreeNode | undefined;
      if (!this.flowAborted && t.charCodeAt(p) === 58) {
        p = this.flowSpace(p + 1, indent);
        if (!this.flowAborted && p < this.end && t.charCodeAt(p) !== 44 && t.charCodeAt(p) !== 125) {
          const v = this.parseFlowItem(p, indent, depth, false);
          value = v.node;
          p = Math.max(v.end, p + 1);
        }
      }
      map.entries.push({ key: key.node.value, keyStart: key.node.start, keyEnd: key.node.end, value, keyNode: key.node });
    }
    map.end = p;
    return { node: map, end: p };
  }

  private parseFlowItem(p: number, indent: number, depth: number, inList: boolean): { node: TreeNode | undefined; end: number } {
    const t = this.text;
    let tag: string | undefined;
    while (t.charCodeAt(p) === 33 || t.charCodeAt(p) === 38) {
      let e = p;
      while (e < this.end && !this.isBlank(e) && !',[]{}'.includes(t[e]!)) e++;
      if (t.charCodeAt(p) === 33) tag = t.slice(p, e);
      p = this.flowSpace(e, indent);
      if (this.flowAborted) return { node: undefined, end: p };
    }
    const c = t.charCodeAt(p);
    let result: { node: TreeNode; end: number };
    if (c === 91 || c === 123) {
      result = this.parseFlow(p, indent, depth + 1);
    } else {
      result = this.flowScalar(p);
      // `[a: b]`: a single-pair map inside a list.
      const q = this.skipSpaces(result.end);
      if (inList && t.charCodeAt(q) === 58 && (this.isBlank(q + 1) || ',]}'.includes(t[q + 1] ?? ''))) {
        const keyNode = result.node as TreeScalar;
        let value: TreeNode | undefined;
        let end = q + 1;
        const v0 = this.flowSpace(q + 1, indent);
        if (!this.flowAborted && !',]}'.includes(t[v0] ?? ',')) {
          const v = this.parseFlowItem(v0, indent, depth, false);
          value = v.node;
          end = v.end;
        }
        result = { node: { type: 'map', start: keyNode.start, end, entries: [{ key: keyNode.value, keyStart: keyNode.start, keyEnd: keyNode.end, value, keyNode }] }, end };
      }
    }
    if (tag) result.node.tag = tag;
    return result;
  }

  private flowScalar(p: number): { node: TreeScalar; end: number } {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, true);
      const e = close < 0 ? this.lineEnd(p) : close;
      return { node: { type: 'scalar', start: p + 1, end: e, value: t.slice(p + 1, e), literal: true, quoted: true }, end: close < 0 ? e : close + 1 };
    }
    let e = p;
    while (e < this.end) {
      const ch = t.charCodeAt(e);
      if (ch === LF || ch === CR || ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === 58 && (this.isBlank(e + 1) || ',]}'.includes(t[e + 1] ?? ''))) break;
      if (ch === HASH && e > p && this.isBlank(e - 1)) break;
      e++;
    }
    let v = e;
    while (v > p && this.isBlank(v - 1)) v--;
    return { node: { type: 'scalar', start: p, end: v, value: t.slice(p, v), literal: true, quoted: false }, end: e };
  }
}
