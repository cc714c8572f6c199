import { expectValidContracts } from '@paved/testing';
import * as contracts from '../src';

describe('media contracts', () => {
  expectValidContracts(contracts);
});
