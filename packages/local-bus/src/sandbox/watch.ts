import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/**
 * Watches source files through their folders, one non-recursive `fs.watch` (inotify on Linux) per folder, and
 * reports the files that changed in a burst once no change has come for `debounceMs`: an editor's "save all", a
 * formatter rewriting a file just saved, or a branch switch arrive as one change.
 *
 * Folders rather than files: many editors save by writing a new file and renaming it over the old one (vim,
 * JetBrains' safe write), which ends a watch held on the old file; the folder's watch sees the rename, and a file
 * created later (an import that did not resolve yet). Only the folders of the files asked for are watched, never a
 * whole tree: a recursive watch of the workspace would walk node_modules.
 */
export class SourceWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  private changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: (files: ReadonlySet<string>) => void,
    private readonly debounceMs: number,
  ) {}

  /** Watches exactly these folders from now on: starts watching new ones and stops watching the rest. */
  watchFolders(folders: Iterable<string>): void {
    if (this.closed) return;
    const wanted = new Set(folders);
    for (const [folder, watcher] of this.folders) {
      if (!wanted.has(folder)) {
        watcher.close();
        this.folders.delete(folder);
      }
    }
    for (const folder of wanted) {
      if (this.folders.has(folder)) continue;
      try {
        const watcher = watch(folder, { persistent: false }, (_, name) => {
          if (name) this.record(join(folder, name.toString()));
        });
        // The folder went away (a branch switch, a deleted package): stop; the next round watches it again if a
        // build still names it.
        watcher.on('error', () => {
          watcher.close();
          if (this.folders.get(folder) === watcher) this.folders.delete(folder);
        });
        this.folders.set(folder, watcher);
      } catch {
        // A folder that does not exist (yet): nothing in it can change a build that succeeded.
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.folders.values()) watcher.close();
    this.folders.clear();
  }

  private record(file: string): void {
    if (this.closed) return;
    this.changed.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const files = this.changed;
      this.changed = new Set();
      this.onChange(files);
    }, this.debounceMs);
    this.timer.unref();
  }
}
