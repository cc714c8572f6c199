import { runTestPatternCommand } from '../../src';

const EVENT = JSON.stringify({
  id: '1',
  account: '123456789012',
  source: 'myapp.orders',
  time: '2024-07-11T13:55:46Z',
  region: 'eu-west-1',
  'detail-type': 'Order Created',
  detail: { total: 250 },
});

function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runTestPatternCommand(argv, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return content;
    },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('paved test-pattern', () => {
  it('prints {"Result": true} and exits 0 when the event matches', () => {
    const result = run([
      '--event-pattern',
      '{"detail": {"total": [{"numeric": [">", 100]}]}}',
      '--event',
      EVENT,
    ]);
    expect(result).toEqual({ code: 0, stdout: '{"Result": true}\n', stderr: '' });
  });

  it('prints {"Result": false} and exits 0 when it does not', () => {
    const result = run(['--event-pattern', '{"source": ["myapp.payments"]}', '--event', EVENT]);
    expect(result).toEqual({ code: 0, stdout: '{"Result": false}\n', stderr: '' });
  });

  it("reports an invalid pattern with AWS's exception and message, and exits non-zero", () => {
    const result = run(['--event-pattern', '{"source": "myapp.orders"}', '--event', EVENT]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(
      'InvalidEventPatternException: Event pattern is not valid. Reason: "source" must be an object or an array',
    );
  });

  it('reports an event without the required envelope fields as a ValidationException', () => {
    const result = run(['--event-pattern', '{"source": ["x"]}', '--event', '{"source": "x"}']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.split('\n')[0]).toBe('ValidationException: Parameter Event is not valid.');
  });

  it('reads both arguments from file:// paths', () => {
    const files = { 'pattern.json': '{"detail-type": [{"prefix": "Order"}]}', 'event.json': EVENT };
    const result = run(['--event-pattern', 'file://pattern.json', '--event=file://event.json'], files);
    expect(result).toEqual({ code: 0, stdout: '{"Result": true}\n', stderr: '' });
  });

  it('names the file it cannot read', () => {
    const result = run(['--event-pattern', 'file://missing.json', '--event', EVENT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "Error parsing parameter '--event-pattern': Unable to load paramfile file://missing.json",
    );
  });

  it('names a missing flag in a usage error', () => {
    const result = run(['--event', EVENT]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the following arguments are required: --event-pattern');
  });

  it('names both flags when neither is given', () => {
    expect(run([]).stderr).toContain('the following arguments are required: --event-pattern, --event');
  });

  it('refuses an unknown argument and a flag without a value', () => {
    expect(run(['--pattern', '{}']).stderr).toContain('unknown argument "--pattern"');
    expect(run(['--event-pattern']).stderr).toContain('argument --event-pattern: expected one argument');
  });

  it('prints usage on --help and exits 0', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: paved test-pattern --event-pattern');
  });
});
