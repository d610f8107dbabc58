// Finds Redis and Postgres for integration tests: an explicit URL wins, then the local servers on
// their standard ports, then testcontainers when a Docker engine exists. Fails loudly otherwise.
const net = require('node:net');

function canConnect(host, port, timeoutMs = 300) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function viaContainer(moduleName, className, image) {
  const mod = await import(moduleName);
  const container = await new mod[className](image).start();
  (globalThis.__PPM_CONTAINERS__ ??= []).push(container);
  return container;
}

module.exports = async function globalSetup() {
  if (!process.env.REDIS_URL) {
    if (await canConnect('127.0.0.1', 6379)) process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    else {
      try {
        const c = await viaContainer('@testcontainers/redis', 'RedisContainer', 'redis:7-alpine');
        process.env.REDIS_URL = c.getConnectionUrl();
      } catch (e) {
        throw new Error('No Redis for tests: set REDIS_URL, start redis-server on 127.0.0.1:6379 ' +
          '(apt-get install -y redis-server && redis-server --daemonize yes --save "" --appendonly no), ' +
          `or provide a Docker engine for testcontainers. Cause: ${e.message}`);
      }
    }
  }
  if (!process.env.PPM_TEST_DATABASE_URL) {
    if (process.env.DATABASE_URL) process.env.PPM_TEST_DATABASE_URL = process.env.DATABASE_URL;
    else if (await canConnect('127.0.0.1', 5432)) process.env.PPM_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
    else {
      try {
        const c = await viaContainer('@testcontainers/postgresql', 'PostgreSqlContainer', 'postgres:16-alpine');
        process.env.PPM_TEST_DATABASE_URL = c.getConnectionUri();
      } catch {
        // No Postgres anywhere: ledger tests run on PGlite only (see libs/testkit).
        process.env.PPM_TEST_DATABASE_URL = '';
      }
    }
  }
};
