import { scratchWorkspace, type Scratch } from '@paved/testing';

// The loyalty-points story: a team adds a sixth consumer of OrderCreated, and nothing anyone else owns changes: not
// the contract, not its producer, not the five consumers already there. Outside the new package, the only lines are
// its registrations: the service's list of subscriptions, the service's dependency on it, its CODEOWNERS line.
describe('adding a consumer touches nothing else', () => {
  let scratch: Scratch;
  const skipInstall = process.env['PAVED_SKIP_INSTALL'];
  beforeAll(() => {
    scratch = scratchWorkspace();
    // Not linked with npm install, which would add the package to package-lock.json: that is npm's record of the
    // workspace, rewritten by every new package, and not something the generator edits.
    process.env['PAVED_SKIP_INSTALL'] = '1';
    const result = scratch.run('npx', [
      'hygen',
      'handler',
      'new',
      '--service',
      'orders',
      '--name',
      'add-loyalty-points',
      '--event',
      'orders.OrderCreated',
    ]);
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
  });
  afterAll(() => {
    if (skipInstall === undefined) delete process.env['PAVED_SKIP_INSTALL'];
    else process.env['PAVED_SKIP_INSTALL'] = skipInstall;
    scratch.remove();
  });

  /** `git status` of the copy, one `[status, path]` per file, new files listed one by one. */
  const status = () =>
    scratch
      .run('git', ['status', '--porcelain', '--untracked-files=all'])
      .output.split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => [line.slice(0, 2).trim(), line.slice(3)] as const);

  it('writes new files only in the new package, and edits only the three registration files', () => {
    const changes = status();
    const added = changes.filter(([code]) => code === '??').map(([, path]) => path);
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((path) => !path.startsWith('services/orders/handlers/add-loyalty-points/'))).toEqual(
      [],
    );
    expect(changes.filter(([code]) => code !== '??')).toEqual([
      ['M', 'CODEOWNERS'],
      ['M', 'services/orders/package.json'],
      ['M', 'services/orders/src/subscriptions.ts'],
    ]);
  });

  it('adds exactly the registration lines to them, and changes no other line', () => {
    const diff = scratch.run('git', ['diff', '--unified=0', '--no-color']).output;
    const lines = diff.split('\n').filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line));
    expect(lines).toEqual([
      '+/services/orders/handlers/add-loyalty-points/ @myorg/orders-team',
      '+    "@paved/orders-add-loyalty-points": "*",',
      "+import { subscription as addLoyaltyPoints } from '@paved/orders-add-loyalty-points';",
      '+  addLoyaltyPoints,',
    ]);
  });
});
