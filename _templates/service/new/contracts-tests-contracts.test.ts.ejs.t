---
to: <%- dir %>/contracts/tests/contracts.test.ts
---
import { expectValidContracts } from '@paved/testing';
import * as contracts from '../src';

describe('<%- name %> contracts', () => {
  expectValidContracts(contracts);
});
