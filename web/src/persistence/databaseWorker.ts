// The browser's one project database, in a worker. Every tab starts this worker through
// `PGliteWorker`; the tabs elect a leader (Web Locks) and only the leader's worker opens PGlite on
// the data directory, so one browser never has two PGlite instances on `idb://omnios` (each would
// write its own stale copy of the files back on sync). The other tabs' queries travel to the
// leader; when it closes, the next tab's worker takes over. Queries, transactions and the
// IndexedDB sync all run here, off the main thread.
import { PGlite } from '@electric-sql/pglite';
import { worker } from '@electric-sql/pglite/worker';
import { migrate } from './schema';

void worker({
  async init(options) {
    const db = await PGlite.create(options.dataDir ?? 'idb://omnios');
    await migrate(db);
    return db;
  },
});
