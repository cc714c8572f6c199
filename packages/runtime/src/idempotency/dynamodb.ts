// What the DynamoDB idempotency store loads on its first use on AWS (store.ts imports this module with `import()`).
// Static imports here, so that esbuild keeps only what these name: the client and the four commands Powertools'
// layer sends. `import('@aws-sdk/client-dynamodb')` itself would keep every export of the package, all its commands
// and their schemas (about 100 KB of each bundle), since a dynamic import's namespace may be read by any name.
export { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
