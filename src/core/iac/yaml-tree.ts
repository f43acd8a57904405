/**
 * A tolerant YAML reader for the subset infrastructure files use: block maps and sequences, flow
 * collections, quoted and plain scalars, block scalars, tags (`!Ref`, `!If`), anchors, aliases and
 * `<<` merge keys, explicit `? key` entries, comments, several documents per file. It never throws
 * and always moves forward: a half-typed line is skipped, an unclosed quote or bracket ends where the
 * indentation says the next key starts. What it keeps is exactly what the size rules need: keys,
 * values and their offsets.
 *
 * A scalar's `value` is its YAML content (escapes decoded, line breaks folded, block scalars without
 * their indentation) while `start`/`end` stay the range as written, which the size rules search and
 * the editor points at. An alias is the anchored node itself (shared, not copied), so its offsets are
 * the anchored text's; a merge key's entries are the merged map's entry objects, likewise.
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
  /** For the rest of a line after `- ` or `? `: the column of the indicator, which owns the node. */
  owner?: number;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const BACKSLASH = 92;

/**
 * Nodes reachable through aliases and merge keys, per parse: anchors that double at every level
 * ("billion laughs") would otherwise make every walk of the tree exponential. Past it an alias stays
 * the plain scalar it is written as.
 */
const aliasBudget = 100_000;

const escapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

export function parseYaml(text: string, from = 0, to = text.length): YamlDocument[] {
  return new YamlParser(text, from, to).documents();
}

class YamlParser {
  private pos: number;
  /** The rest of a line after `- ` (or `key:` inside it), parsed as if it were a line of its own. */
  private pending: Line | undefined;
  private depth = 0;
  private flowAborted = false;
  /** Anchors of the current document (YAML scopes them to one). */
  private anchors = new Map<string, TreeNode>();
  private budget = aliasBudget;

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
        this.anchors.clear();
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
      if (this.isEol(p) || t.charCodeAt(p) === HASH || (p === lineStart && t.charCodeAt(p) === 37) /* % directive */) {
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

  /** `? key`: an explicit key (a complex one, or one written on its own line). */
  private isExplicitKey(p: number): boolean {
    return this.text.charCodeAt(p) === 63 /* ? */ && this.isBlank(p + 1);
  }

  /** The colon that makes the line at `p` a `key: value` line, or -1. */
  private keyColon(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 91 /* [ */ || c === 123 /* { */ || ((c === 63 /* ? */ || c === 45) /* - */ && this.isBlank(p + 1))) return -1;
    if (c === 38 /* & */ || c === 33 /* ! */) {
      // `&anchor key:` / `!tag key:`: the key comes after them (an anchor name may hold a colon).
      let e = p;
      while (e < this.end && !this.isBlank(e)) e++;
      const k = this.skipSpaces(e);
      return this.atLineEnd(k) ? -1 : this.keyColon(k);
    }
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

  /** `owner`: the indentation a scalar's continuation lines must pass (the key's or the document's). */
  private parseNode(minIndent: number, owner = minIndent - 1): TreeNode | undefined {
    const line = this.peek();
    if (!line || line.doc || line.indent < minIndent) return undefined;
    if (this.depth >= maxTreeDepth) {
      this.skipDeeper(line.indent);
      return undefined;
    }
    this.depth++;
    try {
      if (this.isSeqItem(line.start)) return this.parseSeq(line.indent);
      if (this.keyColon(line.start) >= 0 || this.isExplicitKey(line.start)) return this.parseMap(line.indent);
      const pending = this.pending !== undefined;
      this.pending = undefined;
      return this.parseValue(line.start, pending ? (line.owner ?? line.indent - 1) : owner, false);
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
      if (this.isExplicitKey(line.start)) {
        this.explicitEntry(map, line.start, indent);
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
      map.end = Math.max(map.end, key.end, value ? value.end : 0);
    }
    this.merge(map);
    return map;
  }

  /** `? key` and, on a line of its own at the same indentation, `: value`. */
  private explicitEntry(map: TreeMap, p: number, indent: number): void {
    const k = this.skipSpaces(p + 1);
    let keyNode: TreeNode | undefined;
    if (this.atLineEnd(k)) {
      this.pending = undefined;
      keyNode = this.parseValue(k, indent, false);
    } else {
      // The rest of the line is a node of its own, as after `- `: a key may be a compact map or list.
      const lineStartPos = this.pos;
      this.pending = { start: k, indent: this.column(k), owner: indent };
      keyNode = this.parseNode(this.pending.indent);
      if (this.pending || this.pos === lineStartPos) this.finishLine(k);
    }
    let value: TreeNode | undefined;
    const next = this.peek();
    if (next && !next.doc && next.indent === indent && this.text.charCodeAt(next.start) === 58 /* : */ && this.isBlank(next.start + 1)) {
      this.pending = undefined;
      value = this.parseValue(this.skipSpaces(next.start + 1), indent, true);
    }
    const start = keyNode ? keyNode.start : p + 1;
    const end = keyNode ? keyNode.end : p + 1;
    // A collection as a key has no string of its own: its text stands for it.
    const scalarKey = !keyNode || keyNode.type === 'scalar' ? keyNode : undefined;
    map.entries.push({ key: scalarKey ? scalarKey.value : this.text.slice(start, end), keyStart: start, keyEnd: end, value, keyNode: scalarKey });
    map.end = Math.max(map.end, end, value ? value.end : 0);
  }

  private keyScalar(p: number, colon: number): TreeScalar {
    const t = this.text;
    let anchor: string | undefined;
    // `&anchor key:` anchors the key; a tag on a key is kept by nothing the rules read.
    while ((t.charCodeAt(p) === 38 || t.charCodeAt(p) === 33) && p < colon) {
      let e = p;
      while (e < colon && !this.isBlank(e)) e++;
      if (t.charCodeAt(p) === 38) anchor = t.slice(p + 1, e);
      p = this.skipSpaces(e);
    }
    let key: TreeScalar;
    const c = t.charCodeAt(p);
    const close = c === 34 || c === 39 ? this.quotedEnd(p, false) : -1;
    if (close > p) {
      key = { type: 'scalar', start: p + 1, end: close, value: this.quotedValue(p + 1, close, c), literal: true, quoted: true };
    } else {
      let e = colon;
      while (e > p && this.isBlank(e - 1)) e--;
      key = { type: 'scalar', start: p, end: e, value: t.slice(p, e), literal: true, quoted: false };
    }
    if (anchor !== undefined) this.anchors.set(anchor, key);
    return key;
  }

  // --- anchors, aliases, merge keys ------------------------------------------------------------

  /** The anchored node `*name` stands for, within the budget; undefined: read it as written. */
  private alias(name: string): TreeNode | undefined {
    const node = this.anchors.get(name);
    if (!node || this.budget <= 0) return undefined;
    const cost = countNodes(node, this.budget);
    if (cost > this.budget) {
      this.budget = 0;
      return undefined;
    }
    this.budget -= cost;
    return node;
  }

  /**
   * `<<: *base` / `<<: [*a, *b]` / `<<: {..}`: the merged maps' entries take the merge key's place,
   * except keys the map writes itself (anywhere) and keys an earlier merged map gave (the merge-key
   * spec's precedence).
   */
  private merge(map: TreeMap): void {
    const entries = map.entries;
    let i = 0;
    while (i < entries.length && !isMergeKey(entries[i]!)) i++;
    if (i === entries.length) return;
    const own = new Set<string>();
    for (const e of entries) if (!isMergeKey(e)) own.add(e.key);
    const out: TreeEntry[] = [];
    for (const e of entries) {
      const sources = isMergeKey(e) ? mergeSources(e.value) : undefined;
      if (!sources) {
        out.push(e);
        continue;
      }
      for (const src of sources) {
        if (this.budget < src.entries.length) {
          this.budget = 0;
          break;
        }
        this.budget -= src.entries.length;
        for (const m of src.entries) {
          if (own.has(m.key)) continue;
          own.add(m.key);
          out.push(m);
        }
      }
    }
    map.entries = out;
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
        this.pending = { start: p, indent: this.column(p), owner: indent };
        item = this.parseNode(this.pending.indent);
        // Nothing consumed the rest of the line: drop it so the loop moves on.
        if (this.pending || this.pos === lineStartPos) this.finishLine(p);
      }
      if (item) {
        list.items.push(item);
        // An alias item is the anchored node, earlier in the text: the list still ends here.
        list.end = Math.max(list.end, item.end, p);
      } else {
        // `-` with nothing after it is an empty (null) item, still an item.
        list.items.push({ type: 'scalar', start: p, end: p, value: '', literal: true, quoted: false });
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
    let anchor: string | undefined;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c !== 33 /* ! */ && c !== 38 /* & */) break;
      let e = p;
      while (e < this.end && !this.isBlank(e) && t.charCodeAt(e) !== 44 /* , */) e++;
      if (c === 33) tag = t.slice(p, e);
      else anchor = t.slice(p + 1, e);
      p = this.skipSpaces(e);
    }
    if (this.atLineEnd(p)) {
      this.finishLine(p);
      const next = this.peek();
      let node: TreeNode | undefined;
      if (next && !next.doc && (next.indent > indent || (afterKey && next.indent === indent && this.isSeqItem(next.start)))) {
        node = this.parseNode(next.indent, indent);
      }
      if (node && tag) node.tag = tag;
      if (!node && tag) node = { type: 'scalar', start: p, end: p, value: '', literal: true, quoted: false, tag };
      if (node && anchor !== undefined) this.anchors.set(anchor, node);
      return node;
    }
    const c = t.charCodeAt(p);
    if (c === 42 /* * */ && !tag && anchor === undefined) {
      let e = p + 1;
      while (e < this.end && !this.isBlank(e)) e++;
      const target = this.atLineEnd(this.skipSpaces(e)) ? this.alias(t.slice(p + 1, e)) : undefined;
      if (target) {
        this.finishLine(e);
        return target;
      }
    }
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
    if (anchor !== undefined) this.anchors.set(anchor, node);
    return node;
  }

  private parseBlockScalar(p: number, indent: number): TreeScalar {
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
    return { type: 'scalar', start, end: Math.max(start, end), value: this.blockValue(p, start, lineStart, indent), literal: true, quoted: false, text: true };
  }

  /**
   * The content of the block scalar whose header is at `p` and whose lines are [from, to): the
   * content indentation removed, folded for `>`, chomped per `-`/`+`. Lines less indented than the
   * content (tolerated, not YAML) lose all their indentation.
   */
  private blockValue(p: number, from: number, to: number, indent: number): string {
    const t = this.text;
    const literal = t.charCodeAt(p) === 124;
    let chomp = 0; // -1 strip, 0 clip, 1 keep
    let explicit = 0;
    for (let i = p + 1; i < p + 3; i++) {
      const c = t.charCodeAt(i);
      if (c === 45) chomp = -1;
      else if (c === 43) chomp = 1;
      else if (c >= 49 && c <= 57) explicit = c - 48;
      else break;
    }
    // Each line as [start, end, spaces].
    const lines: number[] = [];
    for (let ls = from; ls < to; ls = this.nextLine(ls)) {
      const le = this.lineEnd(ls);
      let q = ls;
      while (q < le && t.charCodeAt(q) === SPACE) q++;
      lines.push(ls, le, q - ls);
      if (le >= this.end) break;
    }
    // After a final line break an empty last line, as YAML counts them (it matters to `+`).
    const last = lines.length > 0 ? lines[lines.length - 2]! : from;
    if (last < this.end && last < to) lines.push(to, to, 0);
    const n = lines.length / 3;
    const empty = (i: number): boolean => lines[i * 3]! + lines[i * 3 + 2]! === lines[i * 3 + 1]!;
    let contentStart = 0;
    while (contentStart < n && empty(contentStart)) contentStart++;
    let chompStart = n;
    while (chompStart > contentStart && empty(chompStart - 1)) chompStart--;
    const trim = explicit > 0 ? Math.max(0, indent) + explicit : contentStart < n ? lines[contentStart * 3 + 2]! : 0;
    const rest = (i: number): string => t.slice(lines[i * 3]! + Math.min(trim, lines[i * 3 + 2]!), lines[i * 3 + 1]!);
    if (contentStart >= chompStart) {
      return chomp > 0 && n > 0 ? '\n'.repeat(Math.max(1, n - 1)) : '';
    }
    let value = '';
    for (let i = 0; i < contentStart; i++) value += rest(i) + '\n';
    let sep = '';
    let prevMoreIndented = false;
    for (let i = contentStart; i < chompStart; i++) {
      const line = rest(i);
      if (literal) {
        value += sep + line;
        sep = '\n';
      } else if (lines[i * 3 + 2]! > trim || line.charCodeAt(0) === TAB) {
        // More-indented lines of a folded scalar keep their line breaks.
        if (sep === ' ') sep = '\n';
        else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
        value += sep + line;
        sep = '\n';
        prevMoreIndented = true;
      } else if (line === '') {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + line;
        sep = ' ';
        prevMoreIndented = false;
      }
    }
    if (chomp > 0) {
      for (let i = chompStart; i < n; i++) value += '\n' + rest(i);
      if (!value.endsWith('\n')) value += '\n';
    } else if (chomp === 0) {
      value += '\n';
    }
    return value;
  }

  /** The content of a quoted scalar whose text (inside the quotes) is [start, end). */
  private quotedValue(start: number, end: number, quote: number): string {
    const t = this.text;
    let i = start;
    while (i < end) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR || c === quote || (quote === 34 && c === BACKSLASH)) break;
      i++;
    }
    // Nothing to decode: the common case, no copy beyond the slice.
    if (i === end) return t.slice(start, end);
    return quote === 34 ? this.decodeDouble(start, end) : this.fold(start, end, true);
  }

  private decodeDouble(start: number, end: number): string {
    const t = this.text;
    let out = '';
    // Escaped characters are content: trailing-space trimming at a line break stops before them.
    let fixed = 0;
    let i = start;
    while (i < end) {
      const c = t.charCodeAt(i);
      if (c === BACKSLASH && i + 1 < end) {
        const n = t[i + 1]!;
        if (n === '\n' || n === '\r') {
          // An escaped line break joins the lines without a space.
          i = this.skipSpaces(this.breakEnd(i + 1));
          continue;
        }
        const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
        if (hex > 0) {
          const code = Number.parseInt(t.slice(i + 2, i + 2 + hex), 16);
          if (i + 2 + hex <= end && /^[0-9a-fA-F]+$/.test(t.slice(i + 2, i + 2 + hex)) && code <= 0x10ffff) {
            out += String.fromCodePoint(code);
            i += 2 + hex;
          } else {
            out += t.slice(i, i + 2);
            i += 2;
          }
        } else {
          out += escapes[n] ?? t.slice(i, i + 2);
          i += 2;
        }
        fixed = out.length;
        continue;
      }
      if (c === LF || c === CR) {
        let e = out.length;
        while (e > fixed && (out.charCodeAt(e - 1) === SPACE || out.charCodeAt(e - 1) === TAB)) e--;
        out = out.slice(0, e);
        const { text, next } = this.folded(i);
        out += text;
        i = next;
        continue;
      }
      out += t[i];
      i++;
    }
    return out;
  }

  /** Past the line break at `p` (CRLF is one). */
  private breakEnd(p: number): number {
    return this.text.charCodeAt(p) === CR && this.text.charCodeAt(p + 1) === LF ? p + 2 : p + 1;
  }

  /** The line break at `p` and any empty lines after it, folded: one space, or a newline per empty line. */
  private folded(p: number): { text: string; next: number } {
    const t = this.text;
    let breaks = 0;
    let i = this.breakEnd(p);
    for (;;) {
      i = this.skipSpaces(i);
      const c = t.charCodeAt(i);
      if (i >= this.end || (c !== LF && c !== CR)) break;
      breaks++;
      i = this.breakEnd(i);
    }
    return { text: breaks === 0 ? ' ' : '\n'.repeat(breaks), next: i };
  }

  /** A plain or single-quoted scalar's text [start, end), lines folded (and `''` undoubled when `single`). */
  private fold(start: number, end: number, single: boolean): string {
    const t = this.text;
    let out = '';
    let i = start;
    while (i < end) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR) {
        let e = out.length;
        while (e > 0 && (out.charCodeAt(e - 1) === SPACE || out.charCodeAt(e - 1) === TAB)) e--;
        out = out.slice(0, e);
        const { text, next } = this.folded(i);
        out += text;
        i = Math.min(next, end);
        continue;
      }
      if (single && c === 39 && t.charCodeAt(i + 1) === 39) i++;
      out += t[i];
      i++;
    }
    return out;
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
        // Empty lines inside are folded into line feeds: look past them.
        let next = this.nextLine(i);
        let q2 = this.skipSpaces(next);
        while (q2 < this.end && this.isEol(q2)) {
          next = this.nextLine(q2);
          q2 = this.skipSpaces(next);
        }
        if (next >= this.end || q2 - next <= indent) break;
        i = next - 1;
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
        return { node: { type: 'scalar', start: p + 1, end: i, value: this.quotedValue(p + 1, i, q), literal: true, quoted: true }, end: i + 1 };
      }
    }
    let e = Math.min(i, this.end);
    while (e > p + 1 && this.isBlank(e - 1)) e--;
    return { node: { type: 'scalar', start: p + 1, end: e, value: this.quotedValue(p + 1, e, q), literal: true, quoted: true }, end: e };
  }

  private parsePlain(p: number, indent: number): TreeScalar {
    const t = this.text;
    let end = this.plainEnd(p);
    let lineStart = this.nextLine(end);
    let multiLine = false;
    // Multi-line plain scalars: continuation lines are more indented and are not keys or items;
    // empty lines between them are part of the scalar.
    const stopsAtComment = t.charCodeAt(this.skipSpaces(end)) === HASH;
    while (lineStart < this.end && !stopsAtComment) {
      let next = lineStart;
      let q = this.skipSpaces(next);
      while (q < this.end && this.isEol(q)) {
        next = this.nextLine(q);
        q = this.skipSpaces(next);
      }
      if (q >= this.end || q - next <= indent || t.charCodeAt(q) === HASH || this.keyColon(q) >= 0) break;
      multiLine = true;
      end = this.plainEnd(q);
      lineStart = this.nextLine(end);
      // A comment ends a plain scalar.
      if (t.charCodeAt(this.skipSpaces(end)) === HASH) break;
    }
    this.pending = undefined;
    this.pos = lineStart;
    return { type: 'scalar', start: p, end, value: multiLine ? this.fold(p, end, false) : t.slice(p, end), literal: true, quoted: false };
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
      const key = this.flowScalar(p, indent);
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
    this.merge(map);
    return { node: map, end: p };
  }

  private parseFlowItem(p: number, indent: number, depth: number, inList: boolean): { node: TreeNode | undefined; end: number } {
    const t = this.text;
    let tag: string | undefined;
    let anchor: string | undefined;
    while (t.charCodeAt(p) === 33 || t.charCodeAt(p) === 38) {
      let e = p;
      while (e < this.end && !this.isBlank(e) && !',[]{}'.includes(t[e]!)) e++;
      if (t.charCodeAt(p) === 33) tag = t.slice(p, e);
      else anchor = t.slice(p + 1, e);
      p = this.flowSpace(e, indent);
      if (this.flowAborted) return { node: undefined, end: p };
    }
    const c = t.charCodeAt(p);
    if (c === 42 && !tag && anchor === undefined) {
      let e = p + 1;
      while (e < this.end && !this.isBlank(e) && !',[]{}'.includes(t[e]!)) e++;
      const target = this.alias(t.slice(p + 1, e));
      if (target) return { node: target, end: e };
    }
    let result: { node: TreeNode; end: number };
    if (c === 91 || c === 123) {
      result = this.parseFlow(p, indent, depth + 1);
    } else {
      result = this.flowScalar(p, indent);
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
        result = {
          node: { type: 'map', start: keyNode.start, end, entries: [{ key: keyNode.value, keyStart: keyNode.start, keyEnd: keyNode.end, value, keyNode }] },
          end,
        };
      }
    }
    if (tag) result.node.tag = tag;
    if (anchor !== undefined) this.anchors.set(anchor, result.node);
    return result;
  }

  private flowScalar(p: number, indent: number): { node: TreeScalar; end: number } {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, true);
      const e = close < 0 ? this.lineEnd(p) : close;
      return {
        node: { type: 'scalar', start: p + 1, end: e, value: this.quotedValue(p + 1, e, c), literal: true, quoted: true },
        end: close < 0 ? e : close + 1,
      };
    }
    let e = p;
    let multiLine = false;
    while (e < this.end) {
      const ch = t.charCodeAt(e);
      if (ch === LF || ch === CR) {
        // A plain scalar goes on over line breaks inside a flow collection, while the next line is
        // more indented than the owner (else the bracket was left open) and does not start a token.
        let next = this.nextLine(e);
        let q = this.skipSpaces(next);
        while (q < this.end && this.isEol(q)) {
          next = this.nextLine(q);
          q = this.skipSpaces(next);
        }
        if (
          q >= this.end ||
          q - next <= indent ||
          ',[]{}#'.includes(t[q]!) ||
          (t.charCodeAt(q) === 58 && (this.isBlank(q + 1) || ',]}'.includes(t[q + 1] ?? '')))
        )
          break;
        multiLine = true;
        e = q;
        continue;
      }
      if (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === 58 && (this.isBlank(e + 1) || ',]}'.includes(t[e + 1] ?? ''))) break;
      if (ch === HASH && e > p && this.isBlank(e - 1)) break;
      e++;
    }
    let v = e;
    while (v > p && this.isBlank(v - 1)) v--;
    return { node: { type: 'scalar', start: p, end: v, value: multiLine ? this.fold(p, v, false) : t.slice(p, v), literal: true, quoted: false }, end: e };
  }
}

function isMergeKey(e: TreeEntry): boolean {
  return e.key === '<<' && e.keyNode !== undefined && !e.keyNode.quoted;
}

/** The maps a merge key's value names: one map, or a list of maps; undefined when it is neither. */
function mergeSources(value: TreeNode | undefined): TreeMap[] | undefined {
  if (value?.type === 'map') return [value];
  if (value?.type !== 'list' || value.items.length === 0) return undefined;
  for (const item of value.items) if (item.type !== 'map') return undefined;
  return value.items as TreeMap[];
}

/** Nodes under `node`, counted through shared ones each time they are reached, up to just past `limit`. */
function countNodes(node: TreeNode, limit: number): number {
  let count = 0;
  const stack: TreeNode[] = [node];
  while (stack.length > 0 && count <= limit) {
    const n = stack.pop()!;
    count++;
    if (n.type === 'map') {
      for (const e of n.entries) if (e.value) stack.push(e.value);
    } else if (n.type === 'list') {
      for (const item of n.items) stack.push(item);
    }
  }
  return count;
}
