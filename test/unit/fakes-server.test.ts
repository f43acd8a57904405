// Proves the fake bulk-pricing server behaves like S3 behind CloudFront, as seen by a plain
// node:http client, and that every fault is observable on the wire. If these pass, a downloader
// test that fails against the fake is a downloader bug, not a fake bug.

import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as zlib from 'node:zlib';
import { startBulkPricingServer } from '../fakes/bulk-pricing-server';
import type { BulkPricingServer } from '../fakes/bulk-pricing-server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Error emitted by the request or the response (e.g. ECONNRESET). */
  error?: NodeJS.ErrnoException;
  aborted: boolean;
  complete: boolean;
  reusedSocket: boolean;
}

function request(base: string, urlPath: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; agent?: http.Agent } = {}): Promise<Reply> {
  return new Promise((resolve) => {
    const url = new URL(base);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: urlPath,
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: options.agent ?? false,
    });
    let settled = false;
    const chunks: Buffer[] = [];
    let reply: Reply | undefined;
    const finish = (error?: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      if (reply) {
        reply.body = Buffer.concat(chunks);
        if (error) reply.error = error;
        resolve(reply);
      } else {
        resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error, aborted: false, complete: false, reusedSocket: req.reusedSocket });
      }
    };
    req.on('error', (err: NodeJS.ErrnoException) => finish(err));
    req.on('response', (res) => {
      reply = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), aborted: false, complete: false, reusedSocket: req.reusedSocket };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => {
        if (reply) reply.aborted = true;
      });
      res.on('error', (err: NodeJS.ErrnoException) => finish(err));
      res.on('end', () => {
        if (reply) reply.complete = res.complete;
        finish();
      });
      res.on('close', () => {
        if (reply) reply.complete = res.complete;
        finish();
      });
    });
    req.end();
  });
}

/** Raw TCP exchange, to tell a FIN (clean 'end') from an RST ('error' ECONNRESET). */
function rawGet(port: number, urlPath: string): Promise<{ data: Buffer; ended: boolean; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let ended = false;
    socket.on('connect', () => socket.write(`GET ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      ended = true;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ data: Buffer.concat(chunks), ended, error }));
    socket.on('close', () => resolve({ data: Buffer.concat(chunks), ended }));
  });
}

function md5(b: Buffer | string): string {
  return crypto.createHash('md5').update(b).digest('hex');
}

function pseudoRandomBytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

const INDEX = '/offers/v1.0/aws/index.json';
const BIG = '/offers/v1.0/aws/AmazonEC2/20250912225308/us-east-1/index.json';
const CSV = '/offers/v1.0/aws/AmazonEC2/20250912225308/us-east-1/index.csv';
const SMALL = '/small.json';
const MEDIUM = '/medium.json';

describe('fakes: bulk pricing server', function () {
  let tmp: string;
  let root: string;
  let server: BulkPricingServer;
  const content: Record<string, Buffer> = {};

  before(async function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'price-atlas-fake-server-'));
    root = path.join(tmp, 'root');
    const files: Record<string, Buffer> = {
      [INDEX]: Buffer.from('{\n  "formatVersion" : "v1.0",\n  "offers" : { }\n}'),
      [BIG]: pseudoRandomBytes(300_000, 7),
      [CSV]: Buffer.from('"FormatVersion","v1.0"\n"SKU","OfferTermCode"\n"A","B"\n'),
      [SMALL]: Buffer.from('{"tiny":true}'.padEnd(500, ' ')),
      [MEDIUM]: Buffer.from(JSON.stringify({ rows: Array.from({ length: 300 }, (_, i) => ({ i, name: `row ${i}` })) })),
    };
    for (const [p, b] of Object.entries(files)) {
      const abs = path.join(root, p);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, b);
      content[p] = b;
    }
    // A file next to root that traversal must never reach.
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'top secret');
    server = await startBulkPricingServer({ root });
  });

  after(async function () {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(function () {
    server.clearFaults();
  });

  it('listens on 127.0.0.1 with a url without trailing slash', function () {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
  });

  it('GET returns the file with S3/CloudFront headers', async function () {
    const r = await request(server.url, INDEX);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, content[INDEX]);
    assert.equal(r.headers.etag, `"${md5(content[INDEX])}"`);
    const mtime = fs.statSync(path.join(root, INDEX)).mtime;
    assert.equal(r.headers['last-modified'], new Date(Math.floor(mtime.getTime() / 1000) * 1000).toUTCString());
    assert.equal(r.headers['content-length'], String(content[INDEX].length));
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['accept-ranges'], 'bytes');
    assert.equal(r.headers['content-encoding'], undefined);

    const c = await request(server.url, CSV);
    assert.equal(c.status, 200);
    assert.equal(c.headers['content-type'], 'text/csv');
    assert.deepEqual(c.body, content[CSV]);
  });

  it('HEAD returns the same headers and no body', async function () {
    const get = await request(server.url, BIG);
    const head = await request(server.url, BIG, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const h of ['etag', 'last-modified', 'content-length', 'content-type', 'accept-ranges']) {
      assert.equal(head.headers[h], get.headers[h], h);
    }
    assert.equal(head.headers['content-length'], '300000');
  });

  it('answers 404 NoSuchKey for missing keys and directories', async function () {
    for (const p of ['/offers/v1.0/aws/Nope/index.json', '/offers/v1.0/aws', '/offers/v1.0/aws/', '/']) {
      const r = await request(server.url, p);
      assert.equal(r.status, 404, p);
      assert.equal(r.headers['content-type'], 'application/xml');
      assert.match(r.body.toString(), /<Error><Code>NoSuchKey<\/Code>/);
    }
    const head = await request(server.url, '/missing.json', { method: 'HEAD' });
    assert.equal(head.status, 404);
    assert.equal(head.body.length, 0);
  });

  it('refuses path traversal with 404', async function () {
    for (const p of ['/..%2f..%2fetc/passwd', '/..%2fsecret.txt', '/offers/..%2f..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/../secret.txt', '/%zz']) {
      const r = await request(server.url, p);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.body.toString(), /top secret|root:/);
    }
  });

  it('URL-decodes paths', async function () {
    const r = await request(server.url, '/offers/v1.0/aws/index%2Ejson');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, content[INDEX]);
  });

  it('If-None-Match with the ETag, a list containing it, a weak form or * gives 304', async function () {
    const etag = `"${md5(content[INDEX])}"`;
    for (const inm of [etag, `"0123", ${etag}`, `W/${etag}`, '*']) {
      const r = await request(server.url, INDEX, { headers: { 'if-none-match': inm } });
      assert.equal(r.status, 304, inm);
      assert.equal(r.body.length, 0);
      assert.equal(r.headers.etag, etag);
      assert.ok(r.headers['last-modified']);
    }
    const miss = await request(server.url, INDEX, { headers: { 'if-none-match': '"deadbeef"' } });
    assert.equal(miss.status, 200);
    assert.deepEqual(miss.body, content[INDEX]);
  });

  it('If-Modified-Since at or after Last-Modified gives 304, before gives 200, and If-None-Match wins', async function () {
    const first = await request(server.url, INDEX);
    const lm = first.headers['last-modified'] as string;
    const same = await request(server.url, INDEX, { headers: { 'if-modified-since': lm } });
    assert.equal(same.status, 304);
    const later = await request(server.url, INDEX, { headers: { 'if-modified-since': new Date(Date.parse(lm) + 3600_000).toUTCString() } });
    assert.equal(later.status, 304);
    const earlier = await request(server.url, INDEX, { headers: { 'if-modified-since': new Date(Date.parse(lm) - 1000).toUTCString() } });
    assert.equal(earlier.status, 200);
    const both = await request(server.url, INDEX, { headers: { 'if-modified-since': lm, 'if-none-match': '"other"' } });
    assert.equal(both.status, 200);
    const garbage = await request(server.url, INDEX, { headers: { 'if-modified-since': 'not a date' } });
    assert.equal(garbage.status, 200);
  });

  it('serves byte ranges with 206 and Content-Range', async function () {
    const body = content[BIG];
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=1000-', 1000, body.length - 1],
      ['bytes=299990-400000', 299990, body.length - 1],
      ['bytes=-10', body.length - 10, body.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const r = await request(server.url, BIG, { headers: { range } });
      assert.equal(r.status, 206, range);
      assert.equal(r.headers['content-range'], `bytes ${start}-${end}/${body.length}`);
      assert.equal(r.headers['content-length'], String(end - start + 1));
      assert.deepEqual(r.body, body.subarray(start, end + 1));
      assert.equal(r.headers.etag, `"${md5(body)}"`);
    }
  });

  it('If-Range: matching ETag or date gives 206, a stale one the full 200', async function () {
    const head = await request(server.url, BIG, { method: 'HEAD' });
    const etag = head.headers.etag as string;
    const lm = head.headers['last-modified'] as string;
    const ok = await request(server.url, BIG, { headers: { range: 'bytes=10-19', 'if-range': etag } });
    assert.equal(ok.status, 206);
    assert.deepEqual(ok.body, content[BIG].subarray(10, 20));
    const okDate = await request(server.url, BIG, { headers: { range: 'bytes=10-19', 'if-range': lm } });
    assert.equal(okDate.status, 206);
    const stale = await request(server.url, BIG, { headers: { range: 'bytes=10-19', 'if-range': '"0000000000"' } });
    assert.equal(stale.status, 200);
    assert.equal(stale.headers['content-range'], undefined);
    assert.deepEqual(stale.body, content[BIG]);
    const staleDate = await request(server.url, BIG, { headers: { range: 'bytes=10-19', 'if-range': new Date(Date.parse(lm) - 60_000).toUTCString() } });
    assert.equal(staleDate.status, 200);
  });

  it('answers an unsatisfiable range with 416 and Content-Range bytes */size', async function () {
    const size = content[BIG].length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`]) {
      const r = await request(server.url, BIG, { headers: { range } });
      assert.equal(r.status, 416, range);
      assert.equal(r.headers['content-range'], `bytes */${size}`);
      assert.match(r.body.toString(), /<Code>InvalidRange<\/Code>/);
    }
    // A syntactically invalid Range is ignored, as by S3.
    const bad = await request(server.url, BIG, { headers: { range: 'items=0-5' } });
    assert.equal(bad.status, 200);
  });

  it('records every request in order with lower-case headers, status and bytes sent', async function () {
    const before = server.requests.length;
    await request(server.url, BIG, { headers: { Range: 'bytes=0-9', 'If-Range': '"x"', 'Accept-Encoding': 'identity' } });
    await request(server.url, INDEX, { method: 'HEAD', headers: { 'If-None-Match': '"y"', 'If-Modified-Since': 'Thu, 01 Jan 2015 00:00:00 GMT' } });
    const [a, b] = server.requests.slice(before);
    assert.equal(a.method, 'GET');
    assert.equal(a.path, BIG);
    assert.equal(a.status, 200); // If-Range mismatch
    assert.equal(a.headers.range, 'bytes=0-9');
    assert.equal(a.headers['if-range'], '"x"');
    assert.equal(a.headers['accept-encoding'], 'identity');
    assert.equal(a.bytesSent, content[BIG].length);
    assert.equal(b.method, 'HEAD');
    assert.equal(b.status, 200);
    assert.equal(b.headers['if-none-match'], '"y"');
    assert.equal(b.headers['if-modified-since'], 'Thu, 01 Jan 2015 00:00:00 GMT');
    assert.equal(b.bytesSent, 0);
  });

  it('keeps connections alive', async function () {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await request(server.url, INDEX, { agent });
      const b = await request(server.url, INDEX, { agent });
      assert.equal(a.headers.connection, 'keep-alive');
      assert.equal(a.reusedSocket, false);
      assert.equal(b.reusedSocket, true);
    } finally {
      agent.destroy();
    }
  });

  describe('faults', function () {
    it('status: S3-style error with Retry-After, `times` requests, then normal', async function () {
      server.setFault(INDEX, { kind: 'status', status: 503, retryAfter: '3', times: 2 });
      for (let i = 0; i < 2; i++) {
        const r = await request(server.url, INDEX);
        assert.equal(r.status, 503);
        assert.equal(r.headers['retry-after'], '3');
        assert.equal(r.headers['content-type'], 'application/xml');
        assert.match(r.body.toString(), /<Code>SlowDown<\/Code>/);
      }
      const ok = await request(server.url, INDEX);
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body, content[INDEX]);
      assert.equal(server.requests[server.requests.length - 2].fault, 'status');
    });

    it('status: HTTP-date Retry-After and 429, on HEAD too', async function () {
      const when = new Date(Date.now() + 5000).toUTCString();
      server.setFault(INDEX, { kind: 'status', status: 429, retryAfter: when });
      for (let i = 0; i < 3; i++) {
        const r = await request(server.url, INDEX, { method: i === 2 ? 'HEAD' : 'GET' });
        assert.equal(r.status, 429);
        assert.equal(r.headers['retry-after'], when);
      }
      server.clearFaults();
      assert.equal((await request(server.url, INDEX)).status, 200);
    });

    it('reset: full Content-Length, afterBytes of body, then ECONNRESET', async function () {
      server.setFault(BIG, { kind: 'reset', afterBytes: 1000, times: 1 });
      const r = await request(server.url, BIG);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-length'], String(content[BIG].length));
      assert.equal(r.error?.code, 'ECONNRESET');
      assert.equal(r.body.length, 1000);
      assert.deepEqual(r.body, content[BIG].subarray(0, 1000));
      const rec = server.requests[server.requests.length - 1];
      assert.equal(rec.fault, 'reset');
      assert.equal(rec.bytesSent, 1000);
      // times: 1 -> the next request is served normally.
      const ok = await request(server.url, BIG);
      assert.deepEqual(ok.body, content[BIG]);
    });

    it('reset is a TCP RST on the wire; truncate is a clean FIN', async function () {
      server.setFault(BIG, { kind: 'reset', afterBytes: 10 });
      const rst = await rawGet(server.port, BIG);
      assert.equal(rst.error?.code, 'ECONNRESET');
      server.setFault(BIG, { kind: 'truncate', afterBytes: 10 });
      const fin = await rawGet(server.port, BIG);
      assert.equal(fin.error, undefined);
      assert.equal(fin.ended, true);
      const text = fin.data.toString('latin1');
      const bodyStart = text.indexOf('\r\n\r\n') + 4;
      assert.match(text, /content-length: 300000/i);
      assert.equal(fin.data.length - bodyStart, 10);
    });

    it('reset with afterBytes 0 sends headers only, also on a range request', async function () {
      server.setFault(BIG, { kind: 'reset', afterBytes: 0, times: 1 });
      const r = await request(server.url, BIG, { headers: { range: 'bytes=100-' } });
      assert.equal(r.status, 206);
      assert.equal(r.headers['content-range'], `bytes 100-${content[BIG].length - 1}/${content[BIG].length}`);
      assert.equal(r.body.length, 0);
      assert.equal(r.error?.code, 'ECONNRESET');
    });

    it('truncate: fewer bytes than Content-Length, then the response ends early', async function () {
      server.setFault(BIG, { kind: 'truncate', afterBytes: 4321, times: 1 });
      const r = await request(server.url, BIG);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-length'], String(content[BIG].length));
      assert.equal(r.body.length, 4321);
      assert.deepEqual(r.body, content[BIG].subarray(0, 4321));
      assert.equal(r.complete, false);
      assert.ok(r.aborted || r.error !== undefined, 'client notices the short body');
      const ok = await request(server.url, BIG);
      assert.equal(ok.body.length, content[BIG].length);
    });

    it('stall: afterBytes then silence with the socket open', async function () {
      server.setFault(BIG, { kind: 'stall', afterBytes: 777, times: 1 });
      const got = await new Promise<{ status: number; before: number; after: number; closed: boolean }>((resolve, reject) => {
        const req = http.get(`${server.url}${BIG}`, { agent: false }, (res) => {
          let bytes = 0;
          let closed = false;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
          });
          res.on('close', () => {
            closed = true;
          });
          res.on('error', () => undefined);
          setTimeout(() => {
            const before = bytes;
            setTimeout(() => {
              resolve({ status: res.statusCode ?? 0, before, after: bytes, closed });
              req.destroy();
            }, 300);
          }, 150);
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ECONNRESET') reject(err);
        });
      });
      assert.equal(got.status, 200);
      assert.equal(got.before, 777);
      assert.equal(got.after, 777, 'no more data within 300 ms');
      assert.equal(got.closed, false, 'socket stays open');
      const ok = await request(server.url, BIG);
      assert.equal(ok.body.length, content[BIG].length);
    });

    it('stall: close() also closes stalled sockets', async function () {
      const s2 = await startBulkPricingServer({ root });
      s2.setFault(BIG, { kind: 'stall', afterBytes: 0 });
      const replyPromise = request(s2.url, BIG);
      while (s2.requests.length === 0 || s2.requests[0].status === 0) await new Promise((r) => setTimeout(r, 5));
      // close() must not wait for the stalled reply (mocha's timeout fails the test if it does).
      await s2.close();
      const r = await replyPromise;
      assert.equal(r.body.length, 0);
      assert.ok(r.aborted || r.error !== undefined);
    });

    it('trickle: the complete body, slowly, in small pieces', async function () {
      server.setFault(SMALL, { kind: 'trickle', bytesPerTick: 100, intervalMs: 20, times: 1 });
      const t0 = Date.now();
      const r = await request(server.url, SMALL);
      const took = Date.now() - t0;
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, content[SMALL]);
      assert.equal(r.complete, true);
      assert.ok(took >= 80, `took ${took} ms`);
      assert.equal(server.requests[server.requests.length - 1].fault, 'trickle');
    });

    it('ignore-range: Range requests get a full 200, `times` then 206 again', async function () {
      server.setFault(BIG, { kind: 'ignore-range', times: 1 });
      // A request without Range does not use up the fault.
      const plain = await request(server.url, BIG);
      assert.equal(plain.status, 200);
      const r = await request(server.url, BIG, { headers: { range: 'bytes=100-199' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-range'], undefined);
      assert.equal(r.headers['content-length'], String(content[BIG].length));
      assert.deepEqual(r.body, content[BIG]);
      const again = await request(server.url, BIG, { headers: { range: 'bytes=100-199' } });
      assert.equal(again.status, 206);
    });

    it('body faults leave 304 responses alone and wait for a body', async function () {
      const etag = `"${md5(content[BIG])}"`;
      server.setFault(BIG, { kind: 'reset', afterBytes: 5, times: 1 });
      const notModified = await request(server.url, BIG, { headers: { 'if-none-match': etag } });
      assert.equal(notModified.status, 304);
      const head = await request(server.url, BIG, { method: 'HEAD' });
      assert.equal(head.status, 200);
      const r = await request(server.url, BIG);
      assert.equal(r.error?.code, 'ECONNRESET');
      assert.equal(r.body.length, 5);
    });

    it('a fault sequence is consumed in order', async function () {
      server.setFault(BIG, [
        { kind: 'status', status: 500, times: 1 },
        { kind: 'truncate', afterBytes: 50, times: 1 },
      ]);
      assert.equal((await request(server.url, BIG)).status, 500);
      assert.equal((await request(server.url, BIG)).body.length, 50);
      assert.equal((await request(server.url, BIG)).body.length, content[BIG].length);
    });

    it('faults apply to their exact path only', async function () {
      server.setFault(BIG, { kind: 'status', status: 503 });
      assert.equal((await request(server.url, INDEX)).status, 200);
      assert.equal((await request(server.url, BIG)).status, 503);
    });
  });

  describe('gzip (CloudFront compression)', function () {
    let gz: BulkPricingServer;
    const HUGE = '/huge.json';

    before(async function () {
      // Just over CloudFront's 10,000,000-byte limit; sparse, so cheap to create.
      const fd = fs.openSync(path.join(root, HUGE), 'w');
      fs.ftruncateSync(fd, 10_000_001);
      fs.closeSync(fd);
      gz = await startBulkPricingServer({ root, gzip: true });
    });

    after(async function () {
      await gz.close();
      fs.rmSync(path.join(root, HUGE), { force: true });
    });

    it('compresses files of 1,000-10,000,000 bytes when asked, chunked without Content-Length', async function () {
      const r = await request(gz.url, MEDIUM, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], 'gzip');
      assert.equal(r.headers['content-length'], undefined);
      assert.equal(r.headers['transfer-encoding'], 'chunked');
      assert.equal(r.headers.etag, `"${md5(content[MEDIUM])}"`);
      assert.deepEqual(zlib.gunzipSync(r.body), content[MEDIUM]);
      assert.ok(r.body.length < content[MEDIUM].length);
    });

    it('does not compress without Accept-Encoding gzip, with q=0, or with a Range', async function () {
      for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0' }]) {
        const r = await request(gz.url, MEDIUM, { headers });
        assert.equal(r.headers['content-encoding'], undefined, JSON.stringify(headers));
        assert.deepEqual(r.body, content[MEDIUM]);
      }
      const ranged = await request(gz.url, MEDIUM, { headers: { 'accept-encoding': 'gzip', range: 'bytes=0-9' } });
      assert.equal(ranged.status, 206);
      assert.equal(ranged.headers['content-encoding'], undefined);
      assert.deepEqual(ranged.body, content[MEDIUM].subarray(0, 10));
    });

    it('does not compress files outside the size window', async function () {
      const small = await request(gz.url, SMALL, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(content[SMALL].length < 1000, true);
      assert.equal(small.headers['content-encoding'], undefined);
      assert.equal(small.headers['content-length'], String(content[SMALL].length));
      const huge = await request(gz.url, HUGE, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(huge.headers['content-encoding'], undefined);
      assert.equal(huge.headers['content-length'], '10000001');
    });

    it('the server without gzip never compresses', async function () {
      const r = await request(server.url, MEDIUM, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(r.headers['content-encoding'], undefined);
      assert.deepEqual(r.body, content[MEDIUM]);
    });
  });

  describe('putFile', function () {
    const P = '/offers/v1.0/aws/AmazonRDS/current/index.json';

    it('adds and replaces files with a new ETag and a later Last-Modified', async function () {
      assert.equal((await request(server.url, P)).status, 404);
      await server.putFile(P, '{"v":1}');
      const v1 = await request(server.url, P);
      assert.equal(v1.status, 200);
      assert.equal(v1.body.toString(), '{"v":1}');
      assert.equal(v1.headers.etag, `"${md5('{"v":1}')}"`);

      await server.putFile(P, Buffer.from('{"v":2}'));
      const v2 = await request(server.url, P);
      assert.equal(v2.body.toString(), '{"v":2}');
      assert.notEqual(v2.headers.etag, v1.headers.etag);
      assert.ok(Date.parse(v2.headers['last-modified'] as string) > Date.parse(v1.headers['last-modified'] as string));

      // Conditional requests made against version 1 now see the change.
      assert.equal((await request(server.url, P, { headers: { 'if-none-match': v1.headers.etag as string } })).status, 200);
      assert.equal((await request(server.url, P, { headers: { 'if-modified-since': v1.headers['last-modified'] as string } })).status, 200);
      const resumed = await request(server.url, P, { headers: { range: 'bytes=3-', 'if-range': v1.headers.etag as string } });
      assert.equal(resumed.status, 200);
      assert.equal(resumed.body.toString(), '{"v":2}');
    });

    it('a download in flight keeps the old bytes (like an S3 GET during an overwrite)', async function () {
      const P2 = '/inflight.bin';
      const v1 = pseudoRandomBytes(200_000, 3);
      await server.putFile(P2, v1);
      server.setFault(P2, { kind: 'trickle', bytesPerTick: 20_000, intervalMs: 10, times: 1 });
      const pending = request(server.url, P2);
      await new Promise((r) => setTimeout(r, 30));
      await server.putFile(P2, 'new');
      const r = await pending;
      assert.deepEqual(r.body, v1);
      assert.equal((await request(server.url, P2)).body.toString(), 'new');
    });

    it('refuses paths outside root', async function () {
      await assert.rejects(server.putFile('/../escape.json', 'x'));
      assert.equal(fs.existsSync(path.join(tmp, 'escape.json')), false);
    });
  });

  describe('serve CLI', function () {
    const serveJs = path.join(__dirname, '..', 'fakes', 'serve.js');

    it('prints {"url"} when listening and exits cleanly on SIGTERM', async function () {
      const child = childProcess.spawn(process.execPath, [serveJs, '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          const rl = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
          rl.once('line', (l) => {
            rl.close();
            resolve(l);
          });
          child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        });
        const { url } = JSON.parse(line) as { url: string };
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const r = await request(url, INDEX);
        assert.deepEqual(r.body, content[INDEX]);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });

    it('rejects bad arguments with exit code 2', function () {
      const r = childProcess.spawnSync(process.execPath, [serveJs, '--bogus'], { encoding: 'utf8' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /usage/);
    });
  });
});
