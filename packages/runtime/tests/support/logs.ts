/** One JSON log line, as Powertools Logger writes it. */
export type LogLine = Record<string, unknown>;

/**
 * Captures what Powertools Logger prints. The Logger writes through its own `Console` bound to
 * `process.stdout` and `process.stderr` (not the global `console` Jest intercepts), one JSON document per
 * line, so the streams' `write` is where every line passes.
 */
export function captureLogs(): { readonly lines: () => LogLine[]; readonly restore: () => void } {
  const written: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }),
  );
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
