// What PGlite costs by itself: open an existing data folder, query it, idle a moment, exit.
// Run under /usr/bin/time -v by mem.bench.ts (plain JS: no tsx loader in the measured process).
const { migrate, openPglite } = require('../libs/ledger/dist');

void (async () => {
  const db = await openPglite({ dataDir: process.argv[2] });
  await migrate(db);
  await db.query('SELECT count(*) FROM blocks');
  await new Promise((r) => setTimeout(r, 500));
  await db.close();
})();
