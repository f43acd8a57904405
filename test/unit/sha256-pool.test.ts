import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSha256Pool } from '../../src/core/sha256-pool';

for (const mode of ['worker', 'inline'] as const) {
  describe(`sha256 pool (${mode})`, () => {
    it('hashes interleaved streams correctly, with pooled slices, owned buffers and resets', async () => {
      const pool = createSha256Pool(mode);
      try {
        const data = [randomBytes(3 << 20), randomBytes(1234567), Buffer.alloc(0)];
        const streams = data.map(() => pool.stream());
        for (let offset = 0; offset < 3 << 20; offset += 65536) {
          data.forEach((d, i) => {
            if (offset >= d.length) return;
            const piece = d.subarray(offset, offset + 65536);
            // Alternate between a slice of a larger buffer (must be copied, not transferred) and an owned copy.
            streams[i]!.update(offset % 131072 === 0 ? piece : Buffer.from(piece));
          });
          await Promise.all(streams.map((s) => s.ready()));
        }
        const digests = await Promise.all(streams.map((s) => s.digest()));
        assert.deepEqual(digests, data.map((d) => createHash('sha256').update(d).digest('hex')));
        // The source buffers survived: slices were copied, not detached.
        assert.equal(data[0]!.length, 3 << 20);
        const s = pool.stream();
        s.update(Buffer.from('garbage'));
        s.reset();
        s.update(Buffer.from('abc'));
        assert.equal(await s.digest(), createHash('sha256').update('abc').digest('hex'));
      } finally {
        await pool.close();
      }
    });

    it('hashes files, and reports a missing file as an error', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-hash-'));
      const pool = createSha256Pool(mode);
      try {
        const body = randomBytes(5 << 20);
        writeFileSync(path.join(dir, 'f'), body);
        assert.equal(await pool.hashFile(path.join(dir, 'f')), createHash('sha256').update(body).digest('hex'));
        await assert.rejects(pool.hashFile(path.join(dir, 'missing')), /ENOENT|no such file/);
      } finally {
        await pool.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('sha256 pool worker lifetime', () => {
  it('keeps the process alive while a hash is owed, and lets it exit when idle', () => {
    // Regression: an unref'd worker let Node exit silently (status 0, no output) mid-await.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-hash-life-'));
    try {
      writeFileSync(path.join(dir, 'f'), 'abc');
      const script = `
        const { createSha256Pool } = require(${JSON.stringify(path.resolve(__dirname, '../../src/core/sha256-pool.js'))});
        const pool = createSha256Pool('worker');
        (async () => {
          const a = await pool.hashFile(${JSON.stringify(path.join(dir, 'f'))});
          const s = pool.stream(); s.update(Buffer.from('abc'));
          const b = await s.digest();
          console.log(a === b ? 'same ' + a : 'differ');
        })();`;
      const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), `same ${createHash('sha256').update('abc').digest('hex')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
