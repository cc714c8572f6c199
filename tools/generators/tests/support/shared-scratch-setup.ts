import { createSharedScratch } from '@paved/testing';

// The generators-clone group's globalSetup (jest.config.js): one copy of the workspace that its test files take in
// turn, reset to its first commit for each, instead of one copy a file.
export default function setup(): void {
  createSharedScratch();
}
