import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Scratch } from '@paved/testing';

/** The projects `hygen api new` writes or changes below, checked by one nx run-many. */
export const apiNewProjects = [
  'identity-post-signups-api',
  'orders-annotate-order-api',
  'identity',
  'orders',
];

// `hygen api new` as a user runs it, into the shared copy of this workspace: it refuses before writing anything, and
// what it writes lints, typechecks and passes its own tests, and the service's, with no edit (tests/generated-workspace.test.ts).
export function describeApiNew(workspace: () => Scratch): void {
  describe('hygen api new, run as a user would', () => {
    let scratch: Scratch;
    beforeAll(() => {
      scratch = workspace();
      scratch.commit('before hygen api new');
    });

    const hygen = (...args: string[]) => scratch.run('npx', ['hygen', 'api', 'new', ...args]);
    const generate = (...args: string[]) => {
      const result = hygen(...args);
      expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
      return result.output;
    };
    const read = (path: string) => readFileSync(join(scratch.root, path), 'utf8');

    it.each([
      {
        refusal: 'without --publishes, naming it',
        args: ['--service', 'orders', '--route', 'POST /refunds'],
        message: 'Missing --publishes',
      },
      {
        refusal: 'an unknown contract, listing the known ones',
        args: ['--service', 'orders', '--route', 'POST /refunds', '--publishes', 'orders.RefundRequested'],
        message:
          'No contract orders.RefundRequested in the workspace. Known contracts: identity.UserSignedUp',
      },
      {
        refusal: 'a route API Gateway would not take, in its words',
        args: ['--service', 'orders', '--route', 'POST /refunds/', '--publishes', 'orders.OrderCreated'],
        message:
          'Invalid --route "POST /refunds/" for API orders/post-refunds: the path has an empty segment',
      },
      {
        refusal: 'a route the service serves already',
        args: [
          '--service',
          'orders',
          '--route',
          'POST /orders',
          '--publishes',
          'orders.OrderCreated',
          '--name',
          'take',
        ],
        message: 'Service orders already has API orders-create-order on POST /orders',
      },
      {
        refusal: 'an existing API package',
        args: [
          '--service',
          'orders',
          '--route',
          'PUT /orders',
          '--publishes',
          'orders.OrderCreated',
          '--name',
          'create-order',
        ],
        message: 'services/orders/apis/create-order exists already: the generator never overwrites an API.',
      },
    ])('refuses $refusal, writing nothing', ({ args, message }) => {
      const result = hygen(...args);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(message);
      expect(scratch.changes()).toBe('');
    });

    it("adds an API to a service that has none: its src/apis.ts, the stack's wiring, CODEOWNERS and the dependency", () => {
      generate('--service', 'identity', '--route', 'POST /signups', '--publishes', 'identity.UserSignedUp');
      const dir = 'services/identity/apis/post-signups';
      for (const file of [
        'package.json',
        'README.md',
        'src/api.ts',
        'src/handler.ts',
        'src/post-signups.ts',
        'tests/handler.test.ts',
        'tests/post-signups.test.ts',
      ]) {
        expect(existsSync(join(scratch.root, dir, file))).toBe(true);
      }
      const api = read(`${dir}/src/api.ts`);
      expect(api).toContain("route: 'POST /signups',");
      expect(api).toContain('publishes: [UserSignedUp],');
      expect(api).toContain('export const PostSignupsRequestSchema = UserSignedUp.detailSchema;');
      expect(read(`${dir}/src/handler.ts`)).toContain(
        'await publish(UserSignedUp, postSignupsDetail(request));',
      );
      expect(read(`${dir}/tests/handler.test.ts`)).toContain(".toEqual(['email', 'name']);");
      const pkg = JSON.parse(read(`${dir}/package.json`)) as {
        name: string;
        devDependencies: Record<string, string>;
        nx: { name: string; tags: string[] };
      };
      expect(pkg).toMatchObject({
        name: '@paved/identity-post-signups-api',
        nx: { name: 'identity-post-signups-api', tags: ['kind:api', 'service:identity'] },
      });
      // Pinned as the workspace pins them, not in the template.
      const runtime = JSON.parse(read('packages/runtime/package.json')) as {
        dependencies: Record<string, string>;
      };
      expect(pkg.devDependencies['@aws-sdk/client-eventbridge']).toBe(
        runtime.dependencies['@aws-sdk/client-eventbridge'],
      );

      expect(read('services/identity/src/apis.ts')).toMatch(
        /import \{ api as postSignups \} from '@paved\/identity-post-signups-api';[\s\S]*\[\n {2}postSignups,\n {2}\/\/ `npx hygen api new --service identity/,
      );
      const stack = read('services/identity/src/stack.ts');
      expect(stack).toContain("import { apis } from './apis';");
      expect(stack).toContain("{ service: 'identity', subscriptions, apis, ...props }");
      expect(read('services/identity/src/index.ts')).toContain("export { apis } from './apis';");
      expect(JSON.parse(read('services/identity/package.json'))).toMatchObject({
        exports: { './apis': './src/apis.ts' },
        dependencies: { '@paved/identity-post-signups-api': '*' },
      });
      expect(read('CODEOWNERS')).toContain(`/${dir}/ @myorg/identity-team`);
      expect(existsSync(join(scratch.root, 'node_modules/@paved/identity-post-signups-api'))).toBe(true);
    });

    it("adds an API with a path variable beside the service's others, registering it in src/apis.ts", () => {
      const stackBefore = read('services/orders/src/stack.ts');
      generate(
        '--service',
        'orders',
        '--route',
        'PUT /orders/{orderId}/notes',
        '--publishes',
        'orders.OrderCreated',
        '--name',
        'annotate-order',
      );
      expect(read('services/orders/src/apis.ts')).toMatch(
        /import \{ api as annotateOrder \} from '@paved\/orders-annotate-order-api';[\s\S]*createOrder,\n {2}annotateOrder,\n {2}\/\/ `npx hygen api new/,
      );
      expect(read('services/orders/src/stack.ts')).toBe(stackBefore);
      expect(read('services/orders/apis/annotate-order/tests/handler.test.ts')).toContain(
        "pathParameters: { orderId: 'orderId-1' }",
      );
    });

    it('refuses to make the same API again', () => {
      const result = hygen(
        '--service',
        'identity',
        '--route',
        'POST /signups',
        '--publishes',
        'identity.UserSignedUp',
      );
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('services/identity/apis/post-signups exists already');
    });
  });
}
