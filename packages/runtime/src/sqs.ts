// What parking a permanent failure loads on its first use (permanent-failure.ts imports this module with `import()`).
// Static imports here, so that esbuild keeps the client and SendMessage alone: `import('@aws-sdk/client-sqs')` itself
// would keep every export of the package, all its commands and their schemas, since a dynamic import's namespace may
// be read by any name.
export { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
