import { transformInput, type TargetInput, validateTargetInput, ValidationError } from '../../src';

const context = {
  ruleName: 'r',
  ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/r',
  ingestionTime: '2024-07-11T13:55:46Z',
};
const event = {
  version: '0',
  id: 'e1',
  'detail-type': 'Order',
  source: 'shop',
  account: '123456789012',
  time: '2024-07-11T13:55:46Z',
  region: 'eu-west-1',
  resources: [],
  detail: { id: 'o-1', total: 12.5, lines: [{ sku: 'a' }, { sku: 'b' }] },
};
const transform = (target: TargetInput, e: object | string = event) => transformInput(target, e, context);

function validationMessage(target: TargetInput): string | undefined {
  try {
    validateTargetInput(target);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
}

describe('validateTargetInput', () => {
  it('accepts each input option alone', () => {
    expect(validationMessage({ Id: 't', Input: '{"a": 1}' })).toBeUndefined();
    expect(validationMessage({ Id: 't', InputPath: '$.detail' })).toBeUndefined();
    expect(
      validationMessage({
        Id: 't',
        InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '<id>' },
      }),
    ).toBeUndefined();
  });

  it('refuses Input that is not JSON', () => {
    expect(validationMessage({ Id: 't', Input: 'hello' })).toBe(
      'Input for target t is not a valid JSON text.',
    );
  });

  it('refuses variable names AWS does not allow, and redefined aws.events names', () => {
    expect(
      validationMessage({
        Id: 't',
        InputTransformer: { InputPathsMap: { 'a b': '$.id' }, InputTemplate: '"x"' },
      }),
    ).toBe('InputPathsMap for target t contains invalid key a b.');
    expect(
      validationMessage({
        Id: 't',
        InputTransformer: { InputPathsMap: { 'aws.events.rule-name': '$.id' }, InputTemplate: '"x"' },
      }),
    ).toBe('InputPathsMap for target t contains invalid key aws.events.rule-name.');
  });

  it('refuses more than 100 variables and templates outside 1 to 8192 characters', () => {
    const paths = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, '$.id']));
    expect(
      validationMessage({ Id: 't', InputTransformer: { InputPathsMap: paths, InputTemplate: '"x"' } }),
    ).toContain('Member must have length less than or equal to 100');
    expect(validationMessage({ Id: 't', InputTransformer: { InputTemplate: '' } })).toContain(
      'Member must have length between 1 and 8192',
    );
  });

  it('refuses a path that is not JSONPath', () => {
    expect(validationMessage({ Id: 't', InputPath: 'detail.id' })).toBe(
      'InputPath for target t is not a valid JSONPath: detail.id.',
    );
  });
});

describe('transformInput', () => {
  it('delivers the whole event when the target shapes nothing', () => {
    const result = transform({});
    expect(result.delivered && JSON.parse(result.payload)).toEqual(event);
  });

  it('delivers Input as it is', () => {
    expect(transform({ Input: '{"fixed": true}' })).toEqual({ delivered: true, payload: '{"fixed": true}' });
  });

  it('delivers nothing when InputPath selects nothing', () => {
    expect(transform({ InputPath: '$.detail.nope' }).delivered).toBe(false);
  });

  it('keeps the digits of numbers a double cannot hold', () => {
    const result = transform({ InputPath: '$.detail' }, '{"detail": {"id": 12345678901234567890}}');
    expect(result).toEqual({ delivered: true, payload: '{"id":12345678901234567890}' });
  });

  it('puts wildcard selections in as lists', () => {
    const target = {
      InputTransformer: {
        InputPathsMap: { skus: '$.detail.lines[*].sku' },
        InputTemplate: '{"skus": <skus>}',
      },
    };
    const result = transform(target);
    expect(result.delivered && JSON.parse(result.payload)).toEqual({ skus: ['a', 'b'] });
  });

  it('inserts predefined variables as JSON strings, and the event as objects', () => {
    const target = {
      InputTransformer: {
        InputTemplate:
          '{"rule": <aws.events.rule-name>, "at": "<aws.events.event.ingestion-time>", "e": <aws.events.event>}',
      },
    };
    const result = transform(target);
    expect(result.delivered && JSON.parse(result.payload)).toEqual({
      rule: 'r',
      at: context.ingestionTime,
      e: {
        id: 'e1',
        account: '123456789012',
        detailType: 'Order',
        time: event.time,
        source: 'shop',
        region: 'eu-west-1',
        resources: [],
        version: '0',
      },
    });
  });

  it('renders numbers and missing values in string templates as text', () => {
    const target = {
      InputTransformer: {
        InputPathsMap: { total: '$.detail.total', none: '$.nope' },
        InputTemplate: '"total <total>, none <none>."',
      },
    };
    expect(transform(target)).toEqual({ delivered: true, payload: '"total 12.5, none ."' });
  });

  it('throws ValidationError for an invalid target, as PutTargets would have', () => {
    expect(() => transform({ Input: '{}', InputPath: '$' })).toThrow(ValidationError);
  });
});
