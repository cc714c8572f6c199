import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchWorkspace, type Scratch } from '@paved/testing';

// What CI relies on: a change to one handler affects that handler, the service that deploys it and the end-to-end
// walk-through (tools/e2e, which runs every service on the local bus), nothing else; and a handler cannot import
// another team's handler.
describe('nx affected and module boundaries in a clone', () => {
  let scratch: Scratch;
  beforeAll(() => {
    scratch = scratchWorkspace();
  });
  afterAll(() => scratch.remove());

  const affected = () => {
    const result = scratch.run('npx', ['nx', 'show', 'projects', '--affected', '--base=main', '--json']);
    expect(result.status).toBe(0);
    return (
      JSON.parse(
        result.output.slice(result.output.indexOf('['), result.output.lastIndexOf(']') + 1),
      ) as string[]
    ).sort();
  };

  const expected = ['e2e', 'orders', 'orders-reserve-stock'];
  let listed: string[] = [];
  it('lists only the changed handler, its service and the walk-through', () => {
    appendFileSync(
      join(scratch.root, 'services/orders/handlers/reserve-stock/src/reserve-stock.ts'),
      '\n// changed\n',
    );
    listed = affected();
    expect(listed).toEqual(expected);
  });

  it('runs the tests of only those projects', () => {
    // Were this suite's own project among them, the copy would run these tests again, in a copy of the copy.
    expect(listed).toEqual(expected);
    const result = scratch.run('npx', ['nx', 'affected', '-t', 'test', '--base=main']);
    // On failure, the end of Nx's output names the task that failed and shows its errors.
    if (result.status !== 0)
      throw new Error(`nx affected exited ${result.status}:\n${result.output.slice(-6000)}`);
    expect(result.output).toContain('Successfully ran target test for 3 projects');
  });

  it("fails lint when a handler imports another team's handler", () => {
    writeFileSync(
      join(scratch.root, 'services/orders/handlers/reserve-stock/src/reach.ts'),
      "export { handler } from '@paved/identity-send-welcome-email/src/handler';\n",
    );
    writeFileSync(
      join(scratch.root, 'services/orders/handlers/reserve-stock/src/reach-package.ts'),
      "export { subscription } from '@paved/identity-send-welcome-email';\n",
    );
    const result = scratch.run('npx', ['nx', 'run', 'orders-reserve-stock:lint', '--skip-nx-cache']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('@nx/enforce-module-boundaries');
    expect(result.output).toMatch(
      /A project tagged with "kind:handler" can only depend on libs tagged with "kind:lib", "kind:contracts"/,
    );
  });
});
