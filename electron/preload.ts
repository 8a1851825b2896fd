// Preload for the sandboxed window. The renderer talks to the core over HTTP (same origin), so
// it needs nothing from Node or Electron; the preload exposes only the shell version, read-only.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('catdShell', Object.freeze({ shell: 'electron' }));
