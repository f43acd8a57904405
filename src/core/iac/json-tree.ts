/**
 * A tolerant JSON reader (CloudFormation, Packer, Pulumi JSON): comments, trailing commas, missing
 * commas and unclosed brackets are accepted, so a file being typed still yields its sizes.
 */
import { maxTreeDepth } from './tree';
import type { TreeList, TreeMap, TreeNode, TreeScalar } from './tree';

export function parseJson(text: string, from = 0, to = text.length): TreeNode | undefined {
  const parser = new JsonParser(text, to);
  parser.pos = from;
  parser.space();
  return parser.pos < to ? parser.value(0) : undefined;
}

class JsonParser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly end: number,
  ) {}

  space(): void {
    const t = this.text;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        this.pos++;
      } else if (c === 47 /* / */ && t.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < this.end && t.charCodeAt(this.pos) !== 10) this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42 /* * */) {
        const close = t.indexOf('*/', this.pos + 2);
        this.pos = close < 0 || close >= this.end ? this.end : close + 2;
      } else {
        break;
      }
    }
  }

  value(depth: number): TreeNode {
    const c = this.text.charCodeAt(this.pos);
    if (depth >= maxTreeDepth) {
      // Pathologically deep: give up on the rest rather than recurse further.
      const start = this.pos;
      this.pos = this.end;
      return { type: 'scalar', start, end: start, value: '', literal: false, quoted: false };
    }
    if (c === 123 /* { */) return this.object(depth);
    if (c === 91 /* [ */) return this.array(depth);
    if (c === 34 /* " */) return this.string();
    return this.atom();
  }

  private object(depth: number): TreeMap {
    const map: TreeMap = { type: 'map', start: this.pos, end: this.pos, entries: [] };
    this.pos++;
    for (;;) {
      this.space();
      if (this.pos >= this.end) break;
      const c = this.text.charCodeAt(this.pos);
      if (c === 125 /* } */) {
        this.pos++;
        break;
      }
      if (c === 93 /* ] */) break;
      if (c === 44 /* , */) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      const key = c === 34 ? this.string() : this.atom();
      this.space();
      let value: TreeNode | undefined;
      if (this.text.charCodeAt(this.pos) === 58 /* : */) {
        this.pos++;
        this.space();
        const v = this.text.charCodeAt(this.pos);
        if (this.pos < this.end && v !== 44 && v !== 125 && v !== 93) value = this.value(depth + 1);
      }
      map.entries.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value, keyNode: key });
      if (this.pos === before) this.pos++;
    }
    map.end = this.pos;
    return map;
  }

  private array(depth: number): TreeList {
    const list: TreeList = { type: 'list', start: this.pos, end: this.pos, items: [] };
    this.pos++;
    for (;;) {
      this.space();
      if (this.pos >= this.end) break;
      const c = this.text.charCodeAt(this.pos);
      if (c === 93) {
        this.pos++;
        break;
      }
      if (c === 125) break;
      if (c === 44) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      list.items.push(this.value(depth + 1));
      if (this.pos === before) this.pos++;
    }
    list.end = this.pos;
    return list;
  }

  private string(): TreeScalar {
    const t = this.text;
    const start = this.pos + 1;
    let i = start;
    for (; i < this.end; i++) {
      const c = t.charCodeAt(i);
      if (c === 92 /* \ */) {
        i++;
        continue;
      }
      // JSON strings never span lines: an unclosed one ends at the line break.
      if (c === 34 || c === 10 || c === 13) break;
    }
    const end = Math.min(i, this.end);
    this.pos = end < this.end && t.charCodeAt(end) === 34 ? end + 1 : end;
    return { type: 'scalar', start, end, value: t.slice(start, end), literal: true, quoted: true };
  }

  private atom(): TreeScalar {
    const t = this.text;
    const start = this.pos;
    let i = start;
    while (i < this.end) {
      const c = t.charCodeAt(i);
      if (c === 44 || c === 58 || c === 123 || c === 125 || c === 91 || c === 93 || c === 34 || c === 32 || c === 9 || c === 10 || c === 13) break;
      i++;
    }
    this.pos = i;
    return { type: 'scalar', start, end: i, value: t.slice(start, i), literal: false, quoted: false };
  }
}
