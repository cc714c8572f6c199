import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { alreadyExists, fromStored, isReplaceable, type StoredRecord, toStored } from './records';

/** What a generation file holds: a record, or the mark that the record was deleted. */
type Generation = { readonly record: StoredRecord } | { readonly deleted: true };

const GENERATION_FILE = /^(\d+)\.json$/;

/**
 * Idempotency records as files under one folder, shared by every worker thread and process that points at it (the
 * local bus gives its workers `<dataDir>/idempotency`), and kept across restarts.
 *
 * Each key has a folder (`<dir>/<sha256 of the key>/`) of numbered generation files, `1.json`, `2.json`, ...; the
 * highest number is the key's current state: a record, or a deletion mark.
 *
 * Why it is atomic without locks:
 * - **Every change of who holds a key is the creation of the next generation's file**, and creating a file is
 *   exclusive: the record is written whole to a temporary file, then `link(2)`ed to `<n+1>.json`, which fails with
 *   EEXIST if that name exists. Two writers (threads or processes) that both read generation `n` and both decide to
 *   replace it (it is absent, deleted, expired, or in progress past its in-progress expiry) both try to create `n+1`;
 *   the file system lets exactly one succeed, and the other reads that winner's record and reports it as existing.
 *   That is `_putRecord`'s conditional put, as DynamoDB's condition expression makes it.
 * - **Generation numbers never go back.** A deletion (`_deleteRecord`, when the operation failed) is not an unlink
 *   but a deletion mark at `n+1`, and only generations below the current one are ever removed. So a decision made on
 *   generation `n` can only ever be applied as `n+1`, never to another record that reused a name meanwhile.
 * - **Readers never see half a record**: a file appears by `link(2)` of a complete temporary file, and the one
 *   rewrite, the holder completing its own generation (`_updateRecord`, INPROGRESS → COMPLETED), is a `rename(2)` of a
 *   complete temporary file over it, which replaces it in one step. A holder whose in-progress record was taken over
 *   completes a generation that is no longer current: its result is not seen, as it should not be.
 * - **Expiry is checked on read**, against the times in the record, as DynamoDB's condition does.
 *
 * Nothing is fsynced: a restart of the bus keeps every record; a crash of the machine may lose the last ones, which
 * at worst lets an effect run again (the same as an expired record). This is the local bus's store, not AWS's.
 */
export class FilePersistenceLayer extends BasePersistenceLayer {
  /** The generation this layer created for a key it holds in progress, which its update or delete then targets. */
  readonly #held = new Map<string, number>();

  constructor(private readonly dir: string) {
    super();
  }

  protected override async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const current = await this.#current(this.#keyDir(idempotencyKey));
    if (!current || !('record' in current.generation)) {
      throw new IdempotencyItemNotFoundError(`No record for idempotency key ${idempotencyKey}`);
    }
    return fromStored(current.generation.record);
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    const dir = this.#keyDir(record.idempotencyKey);
    await mkdir(dir, { recursive: true });
    const text = JSON.stringify({ record: toStored(record) });
    for (;;) {
      const current = await this.#current(dir);
      if (
        current &&
        'record' in current.generation &&
        !isReplaceable(current.generation.record, Date.now())
      ) {
        throw new IdempotencyItemAlreadyExistsError(
          alreadyExists(record.idempotencyKey),
          fromStored(current.generation.record),
        );
      }
      const next = (current?.number ?? 0) + 1;
      if (await this.#create(dir, next, text)) {
        this.#held.set(record.idempotencyKey, next);
        await this.#prune(dir, next);
        return;
      }
      // Another writer created generation `next` first: read what it wrote.
    }
  }

  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const dir = this.#keyDir(record.idempotencyKey);
    const number = this.#held.get(record.idempotencyKey) ?? (await this.#current(dir))?.number;
    this.#held.delete(record.idempotencyKey);
    if (number === undefined) {
      throw new IdempotencyItemNotFoundError(
        `No record to update for idempotency key ${record.idempotencyKey}`,
      );
    }
    const temporary = await this.#writeTemporary(dir, JSON.stringify({ record: toStored(record) }));
    await rename(temporary, join(dir, `${number}.json`));
  }

  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    const dir = this.#keyDir(record.idempotencyKey);
    const held = this.#held.get(record.idempotencyKey);
    this.#held.delete(record.idempotencyKey);
    const current = await this.#current(dir);
    if (!current || !('record' in current.generation)) return;
    // Only the generation this layer holds is deleted: if another writer took the key over since, it stays theirs.
    if (held !== undefined && current.number !== held) return;
    if (await this.#create(dir, current.number + 1, JSON.stringify({ deleted: true }))) {
      await this.#prune(dir, current.number + 1);
    }
  }

  /** A key as a folder name: the key itself may hold any character. */
  #keyDir(idempotencyKey: string): string {
    return join(this.dir, createHash('sha256').update(idempotencyKey).digest('hex'));
  }

  /** The highest generation and what it holds; undefined when the key has none. */
  async #current(dir: string): Promise<{ number: number; generation: Generation } | undefined> {
    for (;;) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const numbers = names.flatMap((name) => {
        const match = GENERATION_FILE.exec(name);
        return match ? [Number(match[1])] : [];
      });
      if (numbers.length === 0) return undefined;
      const number = Math.max(...numbers);
      try {
        const generation = JSON.parse(await readFile(join(dir, `${number}.json`), 'utf8')) as Generation;
        return { number, generation };
      } catch (error) {
        // Pruned by a writer that created a newer generation after the listing: list again.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }

  /** Creates generation `number` with `text`, whole; false when that generation exists already. */
  async #create(dir: string, number: number, text: string): Promise<boolean> {
    const temporary = await this.#writeTemporary(dir, text);
    try {
      await link(temporary, join(dir, `${number}.json`));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }

  /** A complete file with `text` beside the generations (the same file system, as `link` and `rename` need). */
  async #writeTemporary(dir: string, text: string): Promise<string> {
    const temporary = join(dir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);
    await writeFile(temporary, text, { flag: 'wx' });
    return temporary;
  }

  /** Removes the generations below `current`, best effort: only the current one is ever read. */
  async #prune(dir: string, current: number): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (name) => {
        const match = GENERATION_FILE.exec(name);
        if (match && Number(match[1]) < current) await unlink(join(dir, name)).catch(() => undefined);
      }),
    );
  }
}
