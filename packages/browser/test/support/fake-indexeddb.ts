// The 'browser-node' project runs every shared test against fake-indexeddb.
import 'fake-indexeddb/auto';
