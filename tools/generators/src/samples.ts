import { type AnyEventContract, type EventOf } from '@paved/events';

/** An invalid sample event and the issue the contract must report for it. */
export interface InvalidSample {
  readonly file: string;
  readonly json: string;
  readonly issuePath: string;
}

/**
 * Two events the contract must reject, derived from a valid one: its first required field left out, and that
 * field given a value of another type. Each is checked against the contract here, so the issue the generated
 * test expects is the issue the contract reports.
 */
export function invalidSamples(
  contract: AnyEventContract,
  valid: EventOf<AnyEventContract>,
): InvalidSample[] {
  const detail = valid.detail as Record<string, unknown>;
  const fields = Object.keys(detail);
  const missing = fields.map((field) => {
    const without = { ...detail };
    delete without[field];
    return { file: `invalid-missing-${field}.json`, detail: without };
  });
  const wrongType = fields.map((field) => ({
    file: `invalid-wrong-type-${field}.json`,
    detail: { ...detail, [field]: typeof detail[field] === 'string' ? 42 : `not-a-${typeof detail[field]}` },
  }));
  const notAnObject = { file: 'invalid-detail-not-an-object.json', detail: ['not', 'an', 'object'] };

  const rejected = (candidate: { file: string; detail: unknown }): InvalidSample | undefined => {
    const event = { ...valid, detail: candidate.detail };
    const result = contract.safeParse(event);
    if (result.success) return undefined;
    return {
      file: candidate.file,
      json: JSON.stringify(event, null, 2),
      issuePath: result.error.issues[0]!.path,
    };
  };
  const first = (candidates: ReadonlyArray<{ file: string; detail: unknown }>): InvalidSample | undefined =>
    candidates.map(rejected).find((sample) => sample !== undefined);
  return [first(missing), first(wrongType) ?? rejected(notAnObject)].filter(
    (sample): sample is InvalidSample => sample !== undefined,
  );
}
