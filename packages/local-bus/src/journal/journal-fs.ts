import * as fs from 'node:fs';
import { promisify } from 'node:util';

/**
 * The file calls the journal writes with. Tests pass one that fails (a full disk, an fdatasync error) to prove
 * what the journal does then; the bus always uses node:fs.
 */
export interface JournalFs {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  ftruncateSync(fd: number, length: number): void;
  fdatasync(fd: number): Promise<void>;
  closeSync(fd: number): void;
}

const fdatasync = promisify(fs.fdatasync);

export const nodeFs: JournalFs = {
  openSync: (path, flags) => fs.openSync(path, flags),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fdatasync: (fd) => fdatasync(fd),
  closeSync: (fd) => fs.closeSync(fd),
};
