import { expectValidContracts } from '@paved/testing';
import * as contracts from '../src';

describe('orders contracts', () => {
  expectValidContracts(contracts);
});
