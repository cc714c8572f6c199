import * as z from 'zod/mini';
import { fr } from 'zod/v4/locales';

/** Loads this package afresh, as a Lambda does at a cold start, and returns what a string schema says of a number. */
function messageAfterLoading(): string {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../src');
  });
  return z.safeParse(z.string(), 1).error!.issues[0]!.message;
}

// zod/mini sets no locale (its messages would all be "Invalid input"); @paved/events sets English as zod classic does.
describe('zod/mini messages', () => {
  afterEach(() => z.config({ localeError: undefined }));

  it('are English once the package is loaded, as zod classic gives them', () => {
    z.config({ localeError: undefined });
    expect(messageAfterLoading()).toBe('Invalid input: expected string, received number');
  });

  it('stay in the locale an application set first', () => {
    z.config(fr());
    expect(messageAfterLoading()).toBe('Entrée invalide : chaîne de caractères attendu, nombre reçu');
  });
});
