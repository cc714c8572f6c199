import { scratchWorkspace, type Scratch } from '@paved/testing';
import { apiNewProjects, describeApiNew } from './scenarios/api-new';
import { deliveryProjects, describeHandlerDelivery } from './scenarios/delivery';
import { describeHandlerNew, handlerNewProjects } from './scenarios/handler-new';

// The generators as a user runs them, all into one copy of this workspace (one copy, and the services' checks run
// once): each scenario checks what it wrote, and that a refusal wrote nothing since the scenario began. Then what they
// all wrote must lint, typecheck and pass its own tests with no edit, and each service's stack test must pass with
// the new handlers and APIs in it: describeServiceStack checks each new route and its one PutEvents grant, each
// queue, stream, mapping and alarm, and cdk-nag.
describe('the generators, run as a user would, into one copy of this workspace', () => {
  let scratch: Scratch;
  beforeAll(() => {
    scratch = scratchWorkspace();
  });
  afterAll(() => scratch.remove());
  const workspace = () => scratch;

  describeApiNew(workspace);
  describeHandlerDelivery(workspace);
  describeHandlerNew(workspace);

  // Every project once, in one Nx run: a service several scenarios add to is linted, typechecked and tested once.
  const projects = [...new Set([...apiNewProjects, ...deliveryProjects, ...handlerNewProjects])];
  const budget = 1_200_000;
  it(
    'writes packages that lint, typecheck and pass their tests straight away, and services that deploy them',
    () => {
      const result = scratch.run(
        'npx',
        ['nx', 'run-many', '-t', 'lint,typecheck,test', '-p', projects.join(','), '--skip-nx-cache'],
        { timeoutMs: budget },
      );
      // On failure, the end of Nx's output names the task that failed and shows its errors.
      if (result.status !== 0)
        throw new Error(`nx run-many exited ${result.status}:\n${result.output.slice(-6000)}`);
      expect(result.output).toContain(
        `Successfully ran targets lint, typecheck, test for ${projects.length} projects`,
      );
    },
    budget,
  );
});
