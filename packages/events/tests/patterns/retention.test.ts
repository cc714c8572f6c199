import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('RuleIndex memory', () => {
  it('keeps none of the events it has matched (values read in place are slices of their event)', () => {
    // 2,000 events of 200 KB: an index that kept its samples as slices of them would hold hundreds of MB.
    const retainedMb = Number(
      execFileSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', join(__dirname, 'fixtures/retention.ts')],
        {
          encoding: 'utf8',
        },
      ),
    );
    expect(retainedMb).toBeLessThan(20);
  });
});
