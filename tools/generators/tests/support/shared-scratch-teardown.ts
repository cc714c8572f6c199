import { removeSharedScratch } from '@paved/testing';

// The generators-clone group's globalTeardown (jest.config.js): deletes the copy its globalSetup made.
export default function teardown(): void {
  removeSharedScratch();
}
