// npx tsx schema/src/cli.ts apply|snapshot|check
// Reads KANAL_DIRECTUS_URL (default http://127.0.0.1:8055) and KANAL_DIRECTUS_TOKEN.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { applySchema } from './apply.ts';
import { checkDrift, normalizedSnapshot, SNAPSHOT_PATH } from './snapshot.ts';

async function main(command: string | undefined): Promise<number> {
  const url = process.env.KANAL_DIRECTUS_URL ?? 'http://127.0.0.1:8055';
  const token = process.env.KANAL_DIRECTUS_TOKEN;
  if (!token) {
    console.error('KANAL_DIRECTUS_TOKEN is not set (the admin static token).');
    return 2;
  }
  switch (command) {
    case 'apply': {
      const { changes } = await applySchema({ url, token, log: (l) => console.log(l) });
      console.log(`${changes.length} change(s)`);
      return 0;
    }
    case 'snapshot': {
      const snap = await normalizedSnapshot({ url, token });
      await writeFile(SNAPSHOT_PATH, JSON.stringify(snap, null, 2) + '\n');
      console.log(`wrote ${fileURLToPath(SNAPSHOT_PATH)}`);
      return 0;
    }
    case 'check': {
      const { drift, diff } = await checkDrift({ url, token });
      if (!drift) {
        console.log('live schema matches snapshot.json');
        return 0;
      }
      console.error(`live schema differs from snapshot.json (${diff.length} difference(s)):`);
      for (const line of diff) console.error(`  ${line}`);
      return 1;
    }
    default:
      console.error('usage: tsx schema/src/cli.ts apply|snapshot|check');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
