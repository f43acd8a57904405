import { benchDownload } from './download';
import { benchEstimate } from './estimate';
import { benchExtension } from './extension';
import { benchIac } from './iac';
import { benchIndex } from './index';

const benches: Record<string, () => Promise<void>> = {
  download: benchDownload,
  index: benchIndex,
  iac: benchIac,
  estimate: benchEstimate,
  extension: benchExtension,
};

/** `npm run bench`: every benchmark in turn; `npm run bench -- index` runs only the named ones. */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const name of wanted) if (!benches[name]) throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(benches).join(', ')}`);
  for (const [name, run] of Object.entries(benches)) if (wanted.length === 0 || wanted.includes(name)) await run();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
