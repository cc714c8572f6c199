import { expectValidContracts } from '@paved/testing';
import * as contracts from '../src';

describe('notifications contracts', () => {
  expectValidContracts(contracts);
});
