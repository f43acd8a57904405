import { benchDownload } from './download';

/** `npm run bench`: every benchmark in turn; each prints its own figures. */
async function main(): Promise<void> {
  await benchDownload();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
