// Loaded with --import in the Node 24 run of the tests (scripts/node24.mjs): better-sqlite3 finds
// its addon through `bindings`, which would load the build made for Node 20's ABI; point it at the
// one built for Node 24 instead. Every process the tests start inherits NODE_OPTIONS, so cores
// and centrals spawned with process.execPath load it too.
import Module from 'node:module';

const addon = process.env.CATD_SQLITE_ADDON;
if (addon) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const file = resolve.call(this, request, ...rest);
    return file.endsWith('/better-sqlite3/build/Release/better_sqlite3.node') ? addon : file;
  };
}
