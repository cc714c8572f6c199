import { type FunctionError } from '../journal/records';

/**
 * A Lambda function as the bus runs it: made once from its rule and subscription (see delivery/functions.ts)
 * and passed whole to the pool, and, but for its environment thunk, into every worker that loads it.
 */
export interface FunctionSpec {
  /** Function name: the subscription id. */
  readonly name: string;
  /** The function's ARN, as its invocations' context reports it. */
  readonly arn: string;
  readonly entry: string;
  readonly exportName: string;
  /** The bundled handler module (CommonJS, inline source map). */
  readonly code: string;
  /**
   * Which build of the code this is: 1 the bus started with, one more for each hot reload. A worker compiles each
   * version under a name of its own beside the entry (`<entry>.v<version>.bundle.js`, never written), since Node
   * keeps one source map per file name: an old version still running keeps its stack traces right.
   */
  readonly version: number;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** Invocations that run at once (its reserved concurrency, as Lambda would throttle it); the rest wait. */
  readonly concurrency: number;
  /** Read when the function is first loaded into a worker (after the bus knows its own address). */
  readonly environment: () => Readonly<Record<string, string>>;
}

/** What one invocation came to. */
export type InvokeOutcome =
  | {
      readonly kind: 'ok';
      readonly startedAt: number;
      readonly endedAt: number;
      readonly logs: string;
      /** What a synchronous invocation returned, as JSON (`null` for nothing); absent for an asynchronous one. */
      readonly result?: string;
    }
  | {
      readonly kind: 'error';
      readonly startedAt: number;
      readonly endedAt: number;
      readonly error: FunctionError;
      readonly logs: string;
    }
  /** The function could not be reached at all (module missing, no such export): EventBridge's side fails. */
  | { readonly kind: 'undeliverable'; readonly code: string; readonly message: string };

// The messages between the bus and a worker (./worker.js). Each postMessage carries an array of them:
// everything one side has for the other in one turn of its event loop. Load messages go as objects (their code
// is a large string, cloned once); invoke messages and everything from the worker go as one JSON text, which
// costs far less to pass between threads than the structured clone of many small objects.

/** Bus → worker: a function's spec and environment, sent once per worker before its first invocation there. */
export interface LoadMessage {
  readonly t: 'load';
  /** The function's number, which invocations refer to. */
  readonly fn: number;
  /** The spec without its environment thunk, which cannot cross threads. */
  readonly spec: Omit<FunctionSpec, 'environment'>;
  readonly env: Readonly<Record<string, string>>;
  /** Compile it now rather than on its first invocation: a warm start (`--prewarm`). */
  readonly warm?: boolean;
}

/** Bus → worker: run a function on an event, or on the subscription's transformed input. */
export interface InvokeMessage {
  readonly t: 'invoke';
  /** The invocation's number, unique in the pool, which the answer carries. */
  readonly id: number;
  readonly fn: number;
  readonly requestId: string;
  /** The handler's first argument: the event, or what the subscription's `input` made of it (any JSON). */
  readonly event: unknown;
  /** A synchronous invocation (`RequestResponse`, as API Gateway invokes): what the handler returns comes back. */
  readonly sync?: true;
  /**
   * The invocation's X-Ray trace header (`Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1`), as Lambda sets it
   * with active tracing: the worker shows it as `_X_AMZN_TRACE_ID` in this invocation's environment only.
   */
  readonly trace?: string;
}

/**
 * Bus → worker: forget a function's code (an older version of a reloaded handler). Sent after every invocation of
 * it this worker runs has started, so those finish on the code they started with.
 */
export interface UnloadMessage {
  readonly t: 'unload';
  readonly fn: number;
}

export type ToWorker = LoadMessage | InvokeMessage | UnloadMessage;

/**
 * Worker → bus: an invocation ended, returning or throwing. What an asynchronous invocation returns is not sent: its
 * response goes nowhere (Lambda passes it only to an on-success destination, which paved has none of). A synchronous
 * one's is, as JSON (`result`).
 */
export interface DoneMessage {
  readonly t: 'done';
  readonly id: number;
  readonly ok: boolean;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error?: FunctionError;
  readonly logs: string;
  readonly result?: string;
}

/** Worker → bus: the function could not be loaded (no such export, the module throws on import). */
export interface UndeliverableMessage {
  readonly t: 'undeliverable';
  readonly id: number;
  readonly code: string;
  readonly message: string;
}

/** Worker → bus, just before it exits: which invocation crashed it, if one was running, and how. */
export interface CrashMessage {
  readonly t: 'crash';
  readonly id?: number;
  readonly exitCode?: number;
  readonly error?: FunctionError;
  readonly logs: string;
}

export type FromWorker = DoneMessage | UndeliverableMessage | CrashMessage;
