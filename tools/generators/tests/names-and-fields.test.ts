import { InvalidArgumentError } from '../src/errors';
import { fieldsExample, fieldsSchema, parseFields } from '../src/fields';
import { isKebabCase } from '../src/names';

describe('names', () => {
  it('accepts only kebab-case handler names', () => {
    expect(isKebabCase('add-loyalty-points')).toBe(true);
    expect(isKebabCase('AddLoyaltyPoints')).toBe(false);
    expect(isKebabCase('add--points')).toBe(false);
  });
});

describe('parseFields', () => {
  it('reads names, types and optional marks', () => {
    expect(parseFields('bucket:string, sizeBytes:integer,caption?:string')).toEqual([
      { name: 'bucket', type: 'string', optional: false, zod: 'z.string().check(z.minLength(1))' },
      { name: 'sizeBytes', type: 'integer', optional: false, zod: 'z.int()' },
      {
        name: 'caption',
        type: 'string',
        optional: true,
        zod: 'z.optional(z.string().check(z.minLength(1)))',
      },
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
