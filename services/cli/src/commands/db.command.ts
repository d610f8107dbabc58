import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, storageEnv } from '@ppm/config';
import { assertRoleName, openDb, setupLedgerRoles } from '@ppm/ledger';
import type { CliContext } from '../context';
import { CliError, printJson, say } from '../output';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function roleArg(value: string): string {
  try {
    return assertRoleName(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/**
 * The password of `role` from `file`: either the bare password (one line), or a libpq pgpass file
 * (`host:port:db:user:password` lines; `\:` and `\\` escaped), whose line for `role` is taken. Compose then needs
 * one secret per role: the pgpass file its service mounts.
 */
export function readRolePassword(role: string, file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const fields = (line: string): string[] => line.split(/(?<!\\):/).map((f) => f.replace(/\\([:\\])/g, '$1'));
  if (lines.length > 0 && lines.every((l) => fields(l).length === 5)) {
    const line = lines.find((l) => fields(l)[3] === role);
    if (!line) throw new CliError(`${file}: no pgpass line for user ${role}`);
    return fields(line)[4]!;
  }
  if (lines.length !== 1) throw new CliError(`${file}: expected the password alone on one line, or pgpass lines`);
  return lines[0]!;
}

/** `ppm db roles`: creates/updates the database roles and applies the least-privilege grants (roles.ts). */
export function registerDbCommands(program: Command, ctx: () => CliContext): void {
  const db = program.command('db').description('database administration');
  db.command('roles')
    .description('create the owner/writer/reader roles, make the owner own the ledger and grant the others (run as a Postgres admin)')
    .requiredOption('--owner <role>', 'owns the schema and its tables; `ppm migrate` connects as it', roleArg)
    .option('--writer <role>', 'a role of the writing services (repeatable)', (v: string, p: string[]) => collect(roleArg(v), p), [])
    .option('--reader <role>', 'a read-only role, e.g. the api (repeatable)', (v: string, p: string[]) => collect(roleArg(v), p), [])
    .option('--password-file <role=file>', 'create/alter the role with LOGIN and the password of FILE (bare or pgpass; repeatable)', collect, [])
    .option('--json', 'print the result as JSON')
    .action(async (opts: { owner: string; writer: string[]; reader: string[]; passwordFile: string[]; json?: boolean }) => {
      const c = ctx();
      const storage = loadConfig(storageEnv, c.env);
      if (!storage.DATABASE_URL) throw new CliError('ppm db roles needs Postgres (DATABASE_URL): embedded PGlite serves one process and has no roles');
      const passwords = new Map<string, string>();
      for (const spec of opts.passwordFile) {
        const i = spec.indexOf('=');
        if (i <= 0) throw new CliError(`--password-file ${spec}: expected ROLE=FILE`);
        const role = spec.slice(0, i);
        passwords.set(role, readRolePassword(role, spec.slice(i + 1)));
      }
      const conn = await openDb({ databaseUrl: storage.DATABASE_URL });
      c.shutdown.add('database', () => conn.close());
      const roles = { owner: opts.owner, writers: opts.writer, readers: opts.reader };
      const result = await setupLedgerRoles(conn, roles, { passwords });
      if (opts.json) printJson({ schema: conn.schema, ...roles, ...result });
      else {
        say(`schema ${conn.schema}: owner ${roles.owner}, writers ${roles.writers.join(', ') || '-'}, readers ${roles.readers.join(', ') || '-'}`);
        say(`created ${result.created.join(', ') || 'none'}; passwords set for ${result.passwordsSet.join(', ') || 'none'}; ${result.ownedObjectsMoved} object(s) moved to ${roles.owner}`);
        say(`next: \`ppm migrate\` connecting as ${roles.owner}; the services connect as the writer/reader roles`);
      }
    });
}
