import { openDatabase } from '../../storage/openDatabase';
import { loadRun, loadRuntime } from '../../storage/records';

/*
 * What opening an imported log needs, apart from importing it (importLog.ts, which runs in a Worker
 * and brings the validators): the page's first load stays without them.
 */

/** Where an imported log is kept: one database per log (by its hash), so re-importing adds nothing. */
export function importDatabase(digest: string): string {
  return `eventscape#import-${digest}`;
}

/** The run URL an import stored with its log; an error if this browser holds no such import. */
export async function importedRunUrl(digest: string): Promise<string> {
  const db = await openDatabase({ dbName: importDatabase(digest) });
  try {
    const url = (await loadRun(db))?.settings.url;
    if (typeof url !== 'string' || !(await loadRuntime(db))) {
      throw new Error(
        'This browser holds no such imported log (imports stay in the browser that made them): import the file again.',
      );
    }
    return url;
  } finally {
    db.close();
  }
}
