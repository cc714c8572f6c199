import { defineEvent, exampleEvent } from '@paved/events';
import { InvalidArgumentError } from '../src/errors';
import { fieldsExample, fieldsSchema, parseFields } from '../src/fields';
import { camelCase, isKebabCase, kebabCase, pascalCase } from '../src/names';
import { invalidSamples } from '../src/samples';

describe('names', () => {
  it.each([
    ['reserve-stock', 'ReserveStock', 'reserveStock', 'reserve-stock'],
    ['Image Uploaded', 'ImageUploaded', 'imageUploaded', 'image-uploaded'],
    ['user_signup', 'UserSignup', 'userSignup', 'user-signup'],
    ['OrderCreated', 'OrderCreated', 'orderCreated', 'order-created'],
  ])('%s is %s, %s and %s', (text, pascal, camel, kebab) => {
    expect(pascalCase(text)).toBe(pascal);
    expect(camelCase(text)).toBe(camel);
    expect(kebabCase(text)).toBe(kebab);
  });

  it('accepts only kebab-case handler names', () => {
    expect(isKebabCase('add-loyalty-points')).toBe(true);
    expect(isKebabCase('AddLoyaltyPoints')).toBe(false);
    expect(isKebabCase('add--points')).toBe(false);
  });
});

describe('parseFields', () => {
  it('reads names, types and optional marks', () => {
    expect(parseFields('bucket:string, sizeBytes:integer,caption?:string')).toEqual([
      { name: 'bucket', type: 'string', optional: false, zod: 'z.string().min(1)' },
      { name: 'sizeBytes', type: 'integer', optional: false, zod: 'z.number().int()' },
      { name: 'caption', type: 'string', optional: true, zod: 'z.string().min(1).optional()' },
    ]);
  });

  it('rejects an unknown type, listing the ones there are', () => {
    expect(() => parseFields('when:date')).toThrow(InvalidArgumentError);
    expect(() => parseFields('when:date')).toThrow(
      /type one of string, number, integer, boolean, datetime, email, uuid/,
    );
  });

  it('builds a schema its own example satisfies', () => {
    const fields = parseFields('a:string,b:number,c:integer,d:boolean,e:datetime,f:email,g:uuid,h?:string');
    expect(fieldsSchema(fields).safeParse(fieldsExample(fields)).success).toBe(true);
  });
});

describe('invalidSamples', () => {
  const contract = defineEvent({
    source: 'test.source',
    detailType: 'Thing Happened',
    detail: fieldsSchema(parseFields('note?:string,id:string')),
    description: 'A thing happened.',
    examples: [{ note: 'n', id: 'x' }],
  });

  it('derives a missing-field and a wrong-type sample that the contract rejects, with the issue path', () => {
    const samples = invalidSamples(contract, exampleEvent(contract));
    expect(samples.map((sample) => [sample.file, sample.issuePath])).toEqual([
      ['invalid-missing-id.json', 'detail.id'],
      ['invalid-wrong-type-note.json', 'detail.note'],
    ]);
    for (const sample of samples) expect(contract.safeParse(JSON.parse(sample.json)).success).toBe(false);
  });
});
