// How long the nightly training holds the event loop of the process it runs in
// (an n8n queue worker, whose job lock Bull renews on a 15 s timer and gives
// up after 30 s): the evaluation and option selection the n8n node runs, on the
// bench's reports four times over (~2,700, a kabupaten's few months), driven as
// the node drives it (in steps, a pause every 20 ms) beside the same work run
// straight through, in the same run.
//
//   npx tsx bench/triage/event-loop.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { evaluateTriageSteps, runSteps, type TriageHistoryItem } from '@kanal-aduan/core';
import { buildReferenceData } from '@kanal-aduan/seeds';
import { runStepsYielding } from '../../workflows/nodes/shared/run-steps.ts';
const here = import.meta.dirname;
const reports: any[] = ['reports.json', 'reports-added.json', 'reports-more.json'].flatMap((f) => JSON.parse(readFileSync(join(here, 'data', f), 'utf8')));
const ref = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });
const base: TriageHistoryItem[] = reports.filter((r) => !r.is_spam && !r.noise).map((r) => ({ text: r.text, region: r.region, category: r.category, agency: r.agency, out_of_scope: r.out_of_scope !== null }));
const history = [0, 1, 2, 3].flatMap((k) => base.map((h) => ({ ...h, text: `${h.text} ${k}` })));
for (const mode of ['steps', 'sync']) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = performance.now();
  let ticks = 0;
  const timer = setInterval(() => ticks++, 100);
  if (mode === 'sync') { await new Promise((r) => setTimeout(r, 50)); runSteps(evaluateTriageSteps(history, ref.categories, ref.routingRules)); await new Promise((r) => setTimeout(r, 50)); }
  else await runStepsYielding(evaluateTriageSteps(history, ref.categories, ref.routingRules));
  clearInterval(timer);
  h.disable();
  console.log(`${mode}: ${history.length} reports, ${((performance.now() - t0) / 1000).toFixed(1)} s, longest event-loop delay ${(h.max / 1e6).toFixed(0)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(0)} ms, 100-ms timer ran ${ticks} times`);
}
