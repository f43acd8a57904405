import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSha256Pool } from '../../src/core/download/sha256-pool';

for (const mode of ['worker', 'inline'] as const) {
  describe(`sha256 pool (${mode})`, () => {
    it('hashes files as they grow, interleaved, with restarts', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-hash-grow-'));
      const pool = createSha256Pool(mode);
      try {
        const data = [randomBytes(3 << 20), randomBytes(1234567), Buffer.alloc(0)];
        const files = data.map((_, i) => path.join(dir, `f${i}`));
        files.forEach((f) => writeFileSync(f, ''));
        const hashers = files.map((f) => pool.fileHasher(f));
        for (let offset = 0; offset < 3 << 20; offset += 100_000) {
          data.forEach((d, i) => {
            if (offset >= d.length) return;
            appendFileSync(files[i]!, d.subarray(offset, offset + 100_000));
            hashers[i]!.advance(Math.min(d.length, offset + 100_000));
          });
        }
        const digests = await Promise.all(hashers.map((h) => h.digest()));
        assert.deepEqual(
          digests,
          data.map((d) => createHash('sha256').update(d).digest('hex')),
        );

        // A download that starts over: bytes rewritten from 0, hash restarted.
        const f = path.join(dir, 'restart');
        writeFileSync(f, 'garbage-garbage');
        const h = pool.fileHasher(f);
        h.advance(15);
        h.restart();
        writeFileSync(f, 'abc');
        h.advance(3);
        assert.equal(await h.digest(), createHash('sha256').update('abc').digest('hex'));

        const gone = pool.fileHasher(path.join(dir, 'missing'));
        if (mode === 'worker') {
          gone.advance(10);
          await assert.rejects(gone.digest(), /ENOENT|no such file/);
        } else {
          assert.throws(() => gone.advance(10), /ENOENT|no such file/);
        }
        const dropped = pool.fileHasher(files[0]!);
        dropped.advance(10);
        dropped.dispose();
      } finally {
        await pool.close();
        rmSync(dir, { recursive: true, force: true });
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
        const { createSha256Pool } = require(${JSON.stringify(path.resolve(__dirname, '../../src/core/download/sha256-pool.js'))});
        const pool = createSha256Pool('worker');
        (async () => {
          const a = await pool.hashFile(${JSON.stringify(path.join(dir, 'f'))});
          const h = pool.fileHasher(${JSON.stringify(path.join(dir, 'f'))}); h.advance(3);
          const b = await h.digest();
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
