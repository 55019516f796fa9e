// Bundles each node and credential to a self-contained CommonJS file under
// dist/ (core, zod, handlebars, libphonenumber inside), the layout n8n loads:
// dist/nodes/<Name>/<Name>.node.js and dist/credentials/<Name>.credentials.js.
import { build } from 'esbuild';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(await (await import('node:fs/promises')).readFile(join(root, 'package.json'), 'utf8'));
const out = join(root, 'dist');

// n8n-workflow must be n8n's own copy (errors are checked with instanceof), so
// it is external and resolved from the running n8n first: `require.main` is
// n8n's bin. The local devDependency copy is only a fallback (e.g. in tests).
const hostN8nWorkflow = {
	name: 'host-n8n-workflow',
	setup(b) {
		b.onResolve({ filter: /^n8n-workflow$/ }, () => ({ path: 'n8n-workflow', namespace: 'host' }));
		b.onLoad({ filter: /.*/, namespace: 'host' }, () => ({
			contents: `let m; try { m = require.main.require('n8n-workflow'); } catch { m = require('n8n-workflow'); } module.exports = m;`,
			loader: 'js',
			resolveDir: root,
		}));
	},
};

// Icons each entry points at with `file:<name>.svg`, copied beside its bundle.
const icons = {
	'WhatsAppCloudTrigger.node': ['whatsapp.svg'],
	'WhatsAppCloud.node': ['whatsapp.svg'],
	'KanalAduan.node': ['kanal-aduan.svg'],
	'KanalAduanEventsTrigger.node': ['kanal-aduan.svg'],
	'WhatsAppCloudApi.credentials': ['whatsapp.svg'],
	'KanalAduanApi.credentials': ['kanal-aduan.svg'],
	'TelegramTrigger.node': ['telegram.svg'],
	'Telegram.node': ['telegram.svg'],
	'TelegramBotApi.credentials': ['telegram.svg'],
	'MessengerTrigger.node': ['messenger.svg'],
	'Messenger.node': ['messenger.svg'],
	'MetaMessengerApi.credentials': ['messenger.svg'],
};

await rm(out, { recursive: true, force: true });
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((distPath) => {
	const rel = distPath.replace(/^dist\//, '').replace(/\.js$/, '');
	return { in: join(root, `${rel}.ts`), out: rel };
});

await build({
	entryPoints: entries,
	outdir: out,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node22',
	sourcemap: true,
	legalComments: 'none',
	logLevel: 'warning',
	plugins: [hostN8nWorkflow],
});

for (const e of entries) {
	const base = e.out.split('/').pop();
	for (const icon of icons[base] ?? []) await copyFile(join(root, 'icons', icon), join(out, dirname(e.out), icon));
}
// The package is ESM for tests; the bundles are CommonJS, as n8n requires them.
await writeFile(join(out, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
console.log(`built ${entries.length} entries into ${out}`);
