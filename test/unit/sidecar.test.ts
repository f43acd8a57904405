import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, promises as fs, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTempFile, writeFileAtomic } from '../../src/core/atomic-write';
import { formatSha256Line, parseSha256Line, readSidecars, writeSidecars } from '../../src/core/download/sidecar';
import { metaSidecarPath, sha256SidecarPath } from '../../src/core/mirror/layout';

describe('sidecars', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'pa-sidecar-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('formats .sha256 the way coreutils sha256sum reads it', () => {
    const hex = 'a'.repeat(64);
    assert.equal(formatSha256Line(hex, 'index.json'), `${hex}  index.json\n`);
    assert.deepEqual(parseSha256Line(`${hex}  index.json\n`), { sha256: hex, fileName: 'index.json' });
    assert.deepEqual(parseSha256Line(`${hex} *index.json`), { sha256: hex, fileName: 'index.json' });
    assert.equal(parseSha256Line('nothex  index.json'), undefined);
  });

  it('round-trips and is checkable with sha256sum -c', async () => {
    const file = path.join(dir, 'index.json');
    const body = '{"formatVersion" : "v1.0"}\n';
    writeFileSync(file, body);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const meta = {
      url: 'https://example.test/offers/v1.0/aws/index.json',
      etag: '"abc"',
      lastModified: 'Mon, 23 Nov 2026 08:00:00 GMT',
      size: body.length,
      sha256,
      downloadedAt: '2026-11-23T08:00:00.000Z',
      version: '20250912225308',
    };
    await writeSidecars(file, meta);
    assert.deepEqual(await readSidecars(file), meta);
    const out = execFileSync('sha256sum', ['-c', path.basename(sha256SidecarPath(file))], { cwd: dir, encoding: 'utf8' });
    assert.match(out, /index\.json: OK/);
    assert.deepEqual(readdirSync(dir).sort(), ['index.json', 'index.json.meta.json', 'index.json.sha256']);
  });

  it('treats missing, malformed or disagreeing sidecars as no sidecars', async () => {
    const file = path.join(dir, 'f.json');
    writeFileSync(file, 'x');
    assert.equal(await readSidecars(file), undefined);
    const sha256 = createHash('sha256').update('x').digest('hex');
    await writeSidecars(file, { url: 'u', size: 1, sha256, downloadedAt: 'now' });
    assert.ok(await readSidecars(file));
    writeFileSync(sha256SidecarPath(file), formatSha256Line('b'.repeat(64), 'f.json'));
    assert.equal(await readSidecars(file), undefined, 'hash mismatch between the two sidecars');
    writeFileSync(sha256SidecarPath(file), formatSha256Line(sha256, 'other.json'));
    assert.equal(await readSidecars(file), undefined, 'names another file');
    writeFileSync(sha256SidecarPath(file), formatSha256Line(sha256, 'f.json'));
    writeFileSync(metaSidecarPath(file), '{not json');
    assert.equal(await readSidecars(file), undefined, 'malformed meta');
  });

  it('writes small files atomically and leaves no temporary file', async () => {
    const file = path.join(dir, 'sub', 'latest.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    assert.equal(await fs.readFile(file, 'utf8'), 'two');
    assert.deepEqual(readdirSync(path.dirname(file)), ['latest.json']);
    assert.ok(isTempFile('.latest.json.0123456789ab.part'));
    assert.ok(!isTempFile('latest.json'));
  });
});
