// Installs fake-indexeddb's IndexedDB globals for Node (the idb library checks `instanceof IDBRequest`).
import 'fake-indexeddb/auto';
