import { execFile } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/** A throwaway PostgreSQL cluster on 127.0.0.1, trust auth, superuser `postgres`. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres?sslmode=disable` */
  readonly connStr: string;
  /** What Terraform's `pg` backend reads the connection string from. */
  readonly env: { readonly PG_CONN_STR: string };
  /** Runs SQL through psql; returns its unaligned, tuples-only output without the last newline. */
  query(sql: string): Promise<string>;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Where the cluster's directory is made. Not jest's TMPDIR: another jest start empties that. */
  readonly parentDir?: string;
}

const PG_ROOT = "/usr/lib/postgresql";
/**
 * Outside the checkout: the server runs as the `postgres` user, which cannot reach a checkout
 * under a private directory (a clone in `mktemp -d`, mode 0700).
 */
const DEFAULT_PARENT = path.join(path.parse(__dirname).root, "tmp", "flycell-postgres");

/** The newest Debian PostgreSQL bin dir holding the server's programs. */
export function postgresBinDir(): string {
  const versions = fs.existsSync(PG_ROOT) ? fs.readdirSync(PG_ROOT).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  const usable = versions
    .filter((v) => ["initdb", "pg_ctl", "postgres", "psql"].every((b) => fs.existsSync(path.join(PG_ROOT, v, "bin", b))))
    .sort((a, b) => Number(b) - Number(a));
  if (usable.length === 0) {
    throw new Error(
      `PostgreSQL server programs (initdb, pg_ctl, postgres, psql) not found under ${PG_ROOT}/<version>/bin: ` +
        "install Debian's `postgresql` package (apt-get install -y postgresql; .ci/run does so).",
    );
  }
  return path.join(PG_ROOT, usable[0], "bin");
}

function run(file: string, args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: "utf8", timeout: 60_000, cwd: options.cwd }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args.join(" ")} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** PostgreSQL refuses to run as root, so as root the server runs as Debian's `postgres` user. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    throw new Error("running as root, but there is no `postgres` user to run PostgreSQL as: install Debian's `postgresql` package");
  }
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const user = await serverUser();
  const parent = options.parentDir ?? DEFAULT_PARENT;
  fs.mkdirSync(parent, { recursive: true });
  // Traversable by the server's user whatever the umask; the cluster's own directory is its.
  fs.chmodSync(parent, 0o755);
  const dir = fs.mkdtempSync(path.join(parent, "pg-"));
  const data = path.join(dir, "data");
  const sockets = path.join(dir, "sockets");
  const log = path.join(dir, "server.log");
  fs.mkdirSync(sockets);
  if (user) for (const p of [dir, sockets]) fs.chownSync(p, user.uid, user.gid);
  const asServer = (program: string, args: readonly string[]): Promise<string> => {
    const file = path.join(bin, program);
    return user ? run("runuser", ["-u", "postgres", "--", file, ...args], { cwd: dir }) : run(file, args, { cwd: dir });
  };

  const removeDir = (): void => fs.rmSync(dir, { recursive: true, force: true });
  // A crashed test run must not leave a server behind.
  const killOnExit = (): void => {
    try {
      const pid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      if (pid > 0) process.kill(pid, "SIGQUIT");
    } catch {
      // Not running.
    }
  };

  try {
    await asServer("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
    // Throwaway data: durability settings off for speed; TCP on loopback only.
    fs.appendFileSync(
      path.join(data, "postgresql.conf"),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${sockets}'`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "max_connections = 50",
        "",
      ].join("\n"),
    );

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await asServer("pg_ctl", ["-D", data, "-l", log, "-o", `-p ${port}`, "-w", "-t", "30", "start"]);
        break;
      } catch (err) {
        const serverLog = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
        // The free port can be taken between probing and binding; try another.
        if (attempt < 3 && /could not bind|Address already in use/.test(serverLog)) continue;
        throw new Error(`${(err as Error).message}\nserver log:\n${serverLog}`);
      }
    }
    process.once("exit", killOnExit);

    const connStr = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    let stopped = false;
    return {
      connStr,
      env: { PG_CONN_STR: connStr },
      query: async (sql) =>
        (await run(path.join(bin, "psql"), [connStr, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])).replace(/\n$/, ""),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", killOnExit);
        try {
          await asServer("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
        } catch {
          killOnExit();
        }
        removeDir();
      },
    };
  } catch (err) {
    killOnExit();
    removeDir();
    throw err;
  }
}
