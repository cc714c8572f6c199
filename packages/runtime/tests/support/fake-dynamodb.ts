import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

/**
 * A DynamoDB table for Powertools' `DynamoDBPersistenceLayer`, behind aws-sdk-client-mock: the four calls it makes,
 * with the one condition it puts with (absent, expired, or in progress past its in-progress expiry), so the
 * runtime's AWS path runs end to end without AWS. Every client made while it is installed answers from it.
 */
export function fakeIdempotencyTable(tableName: string) {
  const items = new Map<string, Item>();
  const mock = mockClient(DynamoDBClient);
  const keyOf = (key: Item | undefined) => String(key?.['id']?.S);
  const expect = (name: string | undefined) => {
    if (name !== tableName) throw new Error(`unexpected table ${String(name)}`);
  };
  const number = (value: AttributeValue | undefined) =>
    value?.N === undefined ? undefined : Number(value.N);

  mock.on(GetItemCommand).callsFake((input: { TableName?: string; Key?: Item }) => {
    expect(input.TableName);
    const item = items.get(keyOf(input.Key));
    return item ? { Item: item } : {};
  });
  mock.on(PutItemCommand).callsFake((input: { TableName?: string; Item?: Item }) => {
    expect(input.TableName);
    const id = keyOf(input.Item);
    const existing = items.get(id);
    const now = Date.now();
    const replaceable =
      !existing ||
      (number(existing['expiration']) ?? Infinity) < now / 1000 ||
      (existing['status']?.S === 'INPROGRESS' &&
        (number(existing['in_progress_expiration']) ?? Infinity) < now);
    if (!replaceable) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: existing,
      });
    }
    items.set(id, { ...input.Item });
    return {};
  });
  mock
    .on(UpdateItemCommand)
    .callsFake(
      (input: {
        TableName?: string;
        Key?: Item;
        UpdateExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Item;
      }) => {
        expect(input.TableName);
        const id = keyOf(input.Key);
        const item: Item = { ...(items.get(id) ?? input.Key) };
        for (const assignment of (input.UpdateExpression ?? '').replace(/^SET /, '').split(', ')) {
          const [name, value] = assignment.split(' = ') as [string, string];
          item[input.ExpressionAttributeNames![name]!] = input.ExpressionAttributeValues![value]!;
        }
        items.set(id, item);
        return {};
      },
    );
  mock.on(DeleteItemCommand).callsFake((input: { TableName?: string; Key?: Item }) => {
    expect(input.TableName);
    items.delete(keyOf(input.Key));
    return {};
  });
  return {
    items,
    calls: (command: Parameters<typeof mock.commandCalls>[0]) => mock.commandCalls(command).length,
    restore: () => mock.restore(),
  };
}
