// The central's suites run once per storage engine: SQLite (always) and PostgreSQL (when its
// binaries are here; CATD_CENTRAL_PG=0 skips it). A file calls centralEngines() once: it starts
// one private cluster for the whole file on first use (pg-cluster.ts) and gives each central
// data folder its own fresh database, so an intake restarted on the same folder finds its records.
import { afterAll, beforeAll } from 'vitest';
import type { CentralEngine } from '../../central/db';
import { postgresAvailable, startPgCluster, type PgCluster } from './pg-cluster';

export const CENTRAL_ENGINES: CentralEngine[] =
  postgresAvailable() && process.env.CATD_CENTRAL_PG !== '0' ? ['sqlite', 'postgres'] : ['sqlite'];

export interface EngineMatrix {
  engines: CentralEngine[];
  /** Call inside describe.each(matrix.engines): the engine the tests below it use. */
  use(engine: CentralEngine): void;
  /** Options for startIntakeServer / CentralStore.open for this data folder on the current engine. */
  options(dataDir: string): Promise<{ databaseUrl?: string }>;
  /** The file's cluster (started if needed). */
  cluster(): Promise<PgCluster>;
}

export function centralEngines(): EngineMatrix {
  let current: CentralEngine = 'sqlite';
  let cluster: Promise<PgCluster> | null = null;
  const databases = new Map<string, Promise<string>>();
  const getCluster = () => (cluster ??= startPgCluster());
  afterAll(async () => {
    if (cluster) (await cluster).close();
  });
  return {
    engines: CENTRAL_ENGINES,
    use(engine) {
      beforeAll(() => {
        current = engine;
      });
    },
    async options(dataDir) {
      if (current === 'sqlite') return {};
      let url = databases.get(dataDir);
      if (!url) {
        url = getCluster().then((c) => c.freshDatabase());
        databases.set(dataDir, url);
      }
      return { databaseUrl: await url };
    },
    cluster: getCluster,
  };
}
