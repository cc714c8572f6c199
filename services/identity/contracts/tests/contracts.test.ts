import { expectValidContracts } from '@paved/testing';
import * as contracts from '../src';

describe('identity contracts', () => {
  expectValidContracts(contracts);
});
