import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Projects: `unit` and `unit-alone` need nothing running; `integration` (*.int.test.ts) runs
// against the real stack (Directus + n8n on Postgres + WA simulator) that
// test/e2e/global-setup.ts starts and stops.
const ignored = ['**/node_modules/**', '**/dist/**', 'runtime/**', '.data/**', '.cache/**'];

/**
 * Integration files that go first, in this order. The reminders suite moves the
 * clock weeks ahead, and each scan then sends every level of every open report in
 * the shared database: run first, it pays only for its own reports, not for the
 * hundreds every other file leaves behind. The rest keep vitest's own order.
 */
const FIRST = ['test/e2e/reminders.int.test.ts'];

class IntegrationOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const at = f.project.name === 'integration' ? FIRST.indexOf(relative(f.project.config.root, f.moduleId)) : -1;
      return at === -1 ? FIRST.length : at;
    };
    // Array.prototype.sort is stable: files outside FIRST keep the base order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Unit files that need a process of their own: SpatiaLite loads only into a sqlite3 driver
 * loaded RTLD_GLOBAL before anything else loads it, and a module mock stays out of the modules
 * other files share.
 */
const ALONE = ['extensions/kanal-aduan/src/geo/spatialite.sqlite.test.ts', 'extensions/kanal-aduan/src/catat-module/index.test.ts'];

export default defineConfig({
  test: {
    sequence: { sequencer: IntegrationOrder },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', ...ALONE],
          environment: 'node',
          // Files share their worker's modules: fresh imports per file cost ~150 s of a ~190 s run.
          isolate: false,
        },
      },
      {
        test: {
          name: 'unit-alone',
          include: ALONE,
          exclude: ignored,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ignored,
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
