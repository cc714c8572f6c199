import { type FunctionError } from '../journal/records';

/** What one invocation came to. */
export type InvokeOutcome =
  | {
      readonly kind: 'ok';
      readonly startedAt: number;
      readonly endedAt: number;
      readonly response: unknown;
      readonly logs: string;
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

/** A Lambda function as the bus runs it: its bundled code and configuration. */
export interface FunctionSpec {
  /** Function name: the subscription id. */
  readonly functionName: string;
  readonly entry: string;
  readonly exportName: string;
  /** The bundled handler module (CommonJS, inline source map). */
  readonly code: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** Read when the function is first loaded into a worker (after the bus knows its own address). */
  readonly environment: () => Readonly<Record<string, string>>;
  readonly region: string;
  readonly accountId: string;
}

// The messages between the bus and a worker (./worker.js). Each postMessage carries an array of them:
// everything one side has for the other in one turn of its event loop. Load messages go as objects (their code
// is a large string, cloned once); invoke messages and everything from the worker go as one JSON text, which
// costs far less to pass between threads than the structured clone of many small objects.

/** Bus → worker: a function's code and environment, sent once per worker before its first invocation there. */
export interface LoadMessage {
  readonly t: 'load';
  /** The function's number, which invocations refer to. */
  readonly fn: number;
  readonly entry: string;
  readonly exportName: string;
  readonly code: string;
  readonly functionName: string;
  readonly memorySizeMb: number;
  readonly region: string;
  readonly accountId: string;
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
  readonly timeoutMs: number;
}

export type ToWorker = LoadMessage | InvokeMessage;

/** Worker → bus: an invocation ended, returning or throwing. */
export interface DoneMessage {
  readonly t: 'done';
  readonly id: number;
  readonly ok: boolean;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly response?: unknown;
  readonly error?: FunctionError;
  readonly logs: string;
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
