/**
 * serverless-offline-aws-eventbridge's matcher, called the way its plugin calls it for each PutEvents
 * entry and subscriber. Its methods only need `logDebug` from the plugin instance, so an instance is made
 * without running the constructor (which wants a whole Serverless framework).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Plugin = require('serverless-offline-aws-eventbridge') as new () => PeerPlugin;

interface PeerPlugin {
  verifyIsSubscribed(subscriber: unknown, entry: unknown): boolean;
}

export interface PeerRun {
  readonly events: number;
  readonly seconds: number;
  readonly matches: number;
  /** Rules it cannot evaluate (it throws on `wildcard`); they are left out of its run. */
  readonly skipped: number;
  /** Rule evaluations that threw (such as `equals-ignore-case` on a non-string value), counted as no match. */
  readonly errors: number;
}

/**
 * Matches events (JSON text, parsed here as the plugin's caller would) until `events` or `seconds` run
 * out. Its answers differ from AWS's (it has no array consistency, numbers or exists semantics of AWS),
 * so only its speed is compared.
 */
export function runPeer(rules: readonly object[], events: readonly string[], seconds: number): PeerRun {
  const plugin = Object.create(Plugin.prototype) as PeerPlugin;
  const supported = rules.filter((pattern) => !JSON.stringify(pattern).includes('"wildcard"'));
  const subscribers = supported.map((pattern, i) => ({ functionKey: `rule-${i}`, event: { pattern } }));
  const deadline = performance.now() + seconds * 1000;
  let matches = 0;
  let errors = 0;
  let done = 0;
  const start = performance.now();
  for (const line of events) {
    const event = JSON.parse(line) as { source: string; 'detail-type': string; detail: unknown };
    const entry = {
      Source: event.source,
      DetailType: event['detail-type'],
      Detail: JSON.stringify(event.detail),
    };
    for (const subscriber of subscribers) {
      try {
        if (plugin.verifyIsSubscribed(subscriber, entry)) matches++;
      } catch {
        errors++;
      }
    }
    done++;
    if (performance.now() > deadline) break;
  }
  return {
    events: done,
    seconds: (performance.now() - start) / 1000,
    matches,
    skipped: rules.length - supported.length,
    errors,
  };
}
