import { tmpdir } from 'node:os';
import { runCompatCommand } from '../../src/compat/command';

describe('paved-compat', () => {
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCompatCommand(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, tmpdir());
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  it('prints its usage for --help, and fails with it for an unknown command', () => {
    expect(run('--help')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('usage: paved-compat <check | schemas>'),
    });
    expect(run('verify')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: paved-compat') });
  });

  it('refuses an unknown option, and a retention that is not whole days', () => {
    expect(run('check', '--since', '30')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Unknown or incomplete option "--since"'),
    });
    expect(run('check', '--retention-days', 'a month')).toMatchObject({
      code: 2,
      stderr: 'Invalid --retention-days "a month": use whole days, such as 30.\n',
    });
  });

  it('says where to run it when the folder is not a contracts package', () => {
    expect(run('check')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'is not a contracts package (no package.json or src/index.ts): run paved-compat in services/<service>/contracts.',
      ),
    });
  });
});
