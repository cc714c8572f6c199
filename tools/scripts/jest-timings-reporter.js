// A Jest reporter that records how long each test file took, so `npm test` can end with the slowest suites of the
// whole workspace (tools/scripts/timed.mjs prints them). It writes one JSON line per file to the file named by
// PAVED_TEST_TIMINGS; without it (a project's tests run on their own) it prints the few slowest files instead.
const { appendFileSync } = require('node:fs');
const { relative } = require('node:path');

const SHOWN_ALONE = 3;

class TimingsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const suites = results.testResults.map((result) => ({
      project: typeof result.displayName === 'string' ? result.displayName : result.displayName?.name,
      file: relative(this.rootDir, result.testFilePath),
      seconds: (result.perfStats.end - result.perfStats.start) / 1000,
      tests: result.testResults.length,
    }));
    const target = process.env.PAVED_TEST_TIMINGS;
    if (target) {
      appendFileSync(target, suites.map((suite) => `${JSON.stringify(suite)}\n`).join(''));
      return;
    }
    if (suites.length < 2) return;
    const slowest = suites.sort((a, b) => b.seconds - a.seconds).slice(0, SHOWN_ALONE);
    process.stderr.write(
      `Slowest test files: ${slowest.map((s) => `${s.file} ${s.seconds.toFixed(1)} s`).join(', ')}\n`,
    );
  }
}

module.exports = TimingsReporter;
