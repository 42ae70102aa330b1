/**
 * Transactions that cannot interleave on SQLite.
 *
 * TypeORM's better-sqlite3 driver hands every caller the same query runner (one connection). Two
 * async transactions open at once therefore nest as savepoints of each other and end in the wrong
 * order: one module's ROLLBACK undoes another module's committed work, or the second COMMIT fails
 * ("cannot commit - no transaction is active"). So on SQLite every transaction of a DataSource
 * waits its turn in one FIFO queue per DataSource, for the whole transaction (BEGIN … COMMIT).
 *
 * Re-entrance: a transaction opened inside a queued transaction's async context (anything awaited
 * inside its callback, `ds.transaction` again, `runInTransaction`, a query runner's
 * `startTransaction`) does not queue — it joins the open one as a savepoint. The context is carried
 * by an AsyncLocalStorage entered with `run` around the callback. Transactions opened side by side
 * inside one transaction (Promise.all) take turns among themselves.
 *
 * Not queued (they run at once on the shared connection, i.e. inside whatever transaction is open
 * at that moment): plain queries outside any transaction (`ds.query`, `find`, `count` …). Fine for
 * reads; a write that must not be swallowed by someone else's transaction belongs in a
 * transaction of its own.
 *
 * `qr.startTransaction()` on `ds.createQueryRunner()` outside a queued transaction queues as well,
 * and holds the queue until its commit or rollback. Such a hand-driven ("raw") transaction has no
 * async context, though: inside it, do everything through its own `qr` (or `qr.manager`). Opening
 * another transaction there (`ds.transaction`, `runInTransaction`, a second `startTransaction`)
 * waits for the raw one to end, i.e. forever. `repository.save()` through the DataSource is
 * fine (TypeORM sees the shared runner's open transaction and starts none). Prefer
 * `runInTransaction` / `ds.transaction`: queued and re-entrant.
 *
 * MariaDB/MySQL: no queue (each transaction has its own pooled connection). Re-entrance is the
 * same as on SQLite: a `ds.transaction` inside a transaction's context joins it as a savepoint
 * instead of taking a second connection (which would be a separate commit, and would wait on the
 * outer transaction's row locks).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { DataSource, EntityManager, QueryRunner } from "typeorm";

type IsolationLevel = Parameters<EntityManager["transaction"]>[0] & string;
type Work<T> = (manager: EntityManager) => Promise<T>;

/** The transaction whose async context we are in (one per DataSource, innermost first). */
interface Frame {
  ds: DataSource;
  /** The manager bound to the transaction's query runner (set once the transaction started). */
  manager: EntityManager | null;
  /** Transactions opened side by side inside this one take turns. */
  children: Mutex;
  /** False once the transaction ended: work it left running no longer belongs to it. */
  open: boolean;
  parent: Frame | undefined;
}

/** A FIFO lock. `holder` says what kind of transaction holds it. */
class Mutex {
  holder: null | "queued" | "raw" = null;
  private waiters: Array<{ kind: "queued" | "raw"; wake: () => void }> = [];

  acquire(kind: "queued" | "raw"): Promise<void> {
    if (this.holder === null) {
      this.holder = kind;
      return Promise.resolve();
    }
    return new Promise((wake) => this.waiters.push({ kind, wake }));
  }

  release(): void {
    const next = this.waiters.shift();
    this.holder = next ? next.kind : null;
    next?.wake();
  }

  get waiting(): number {
    return this.waiters.length;
  }
}

// --- the async context ---------------------------------------------------------------------
// Like tenant/scope.ts: on Node 20 an enabled AsyncLocalStorage turns on promise hooks for the
// whole process, so it is switched off again once no transaction has been open for a while.
// While it is off no transaction is open, so "no context" is the right answer anyway.

const storage = new AsyncLocalStorage<Frame>();
const IDLE_MS = 1000;
let openFrames = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

function enter(): void {
  openFrames += 1;
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
}

function leave(): void {
  openFrames -= 1;
  if (openFrames > 0 || idleTimer) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (openFrames === 0) storage.disable();
  }, IDLE_MS);
  idleTimer.unref?.();
}

/** The innermost open transaction of `ds` in the current async context. */
function currentFrame(ds: DataSource): Frame | undefined {
  for (let f = storage.getStore(); f; f = f.parent) if (f.ds === ds && f.open) return f;
  return undefined;
}

async function inFrame<T>(frame: Frame, fn: () => Promise<T>): Promise<T> {
  enter();
  try {
    return await storage.run(frame, fn);
  } finally {
    frame.open = false;
    leave();
  }
}

// --- per-DataSource state --------------------------------------------------------------------

interface Installed {
  queue: Mutex | null; // SQLite only
  shared: (QueryRunner & { transactionDepth: number }) | null; // SQLite only
  transaction: EntityManager["transaction"]; // the original ds.manager.transaction
}

const installed = new WeakMap<DataSource, Installed>();

function isSqlite(ds: DataSource): boolean {
  return ds.options.type === "better-sqlite3";
}

/** better-sqlite3's own handle: it knows whether a transaction is really open. */
function connectionInTransaction(ds: DataSource): boolean | undefined {
  return (ds.driver as unknown as { databaseConnection?: { inTransaction?: boolean } }).databaseConnection?.inTransaction;
}

/**
 * TypeORM leaves its depth counter up when COMMIT/ROLLBACK itself fails (SQLite may already have
 * rolled back on its own). A stuck counter would make every later transaction a savepoint of a
 * transaction that does not exist, so it is put right from the connection's own state.
 */
function repairDepth(ds: DataSource, qr: Installed["shared"]): void {
  if (!qr || qr.transactionDepth === 0) return;
  if (connectionInTransaction(ds) === false) {
    qr.transactionDepth = 0;
    (qr as { isTransactionActive: boolean }).isTransactionActive = false;
  }
}

/**
 * Make `ds.transaction`, `ds.manager.transaction` and (on SQLite) query runners' transactions
 * queued and re-entrant. Idempotent; `createDataSource` calls it, `runInTransaction` too.
 */
export function installTransactionQueue(ds: DataSource): void {
  if (installed.has(ds)) return;
  const manager = ds.manager;
  const original = manager.transaction.bind(manager) as EntityManager["transaction"];
  const state: Installed = { queue: null, shared: null, transaction: original };
  installed.set(ds, state);

  if (isSqlite(ds) && ds.isInitialized) patchSharedRunner(ds, state);

  const wrapped = function transaction<T>(isolationOrWork: IsolationLevel | Work<T>, maybeWork?: Work<T>): Promise<T> {
    const isolation = typeof isolationOrWork === "string" ? isolationOrWork : undefined;
    const work = (typeof isolationOrWork === "function" ? isolationOrWork : maybeWork) as Work<T>;
    return transactionOn(ds, state, isolation, work);
  };
  (manager as unknown as { transaction: unknown }).transaction = wrapped;
}

async function transactionOn<T>(ds: DataSource, state: Installed, isolation: IsolationLevel | undefined, work: Work<T>): Promise<T> {
  if (isSqlite(ds) && !state.shared && ds.isInitialized) patchSharedRunner(ds, state);
  const outer = currentFrame(ds);
  if (outer?.manager) {
    // Re-entrance: a savepoint in the open transaction; siblings take turns.
    const parentManager = outer.manager;
    const frame: Frame = { ds, manager: parentManager, children: new Mutex(), open: true, parent: storage.getStore() };
    await outer.children.acquire("queued");
    try {
      return await inFrame(frame, () => parentManager.transaction(work));
    } finally {
      outer.children.release();
    }
  }
  const frame: Frame = { ds, manager: null, children: new Mutex(), open: true, parent: storage.getStore() };
  const run = () => inFrame(frame, () => {
    const bound: Work<T> = (m) => {
      frame.manager = m;
      return work(m);
    };
    return isolation ? state.transaction(isolation, bound) : state.transaction(bound);
  });
  const queue = state.queue;
  if (!queue) return run();
  await queue.acquire("queued");
  try {
    return await run();
  } finally {
    repairDepth(ds, state.shared);
    queue.release();
  }
}

/** On SQLite: the one query runner every caller gets, its transaction calls routed via the queue. */
function patchSharedRunner(ds: DataSource, state: Installed): void {
  const qr = ds.driver.createQueryRunner("master") as Installed["shared"] & QueryRunner;
  const queue = new Mutex();
  state.queue = queue;
  state.shared = qr;
  const start = qr.startTransaction.bind(qr);
  const commit = qr.commitTransaction.bind(qr);
  const rollback = qr.rollbackTransaction.bind(qr);
  // Only a transaction started outside any queued transaction's context takes the queue.
  let rawHeld = false;

  qr.startTransaction = async (isolation?: IsolationLevel) => {
    if (currentFrame(ds)) return start(isolation);
    await queue.acquire("raw");
    rawHeld = true;
    try {
      await start(isolation);
    } catch (err) {
      repairDepth(ds, qr);
      if (qr.transactionDepth === 0) endRaw();
      throw err;
    }
  };
  const endRaw = () => {
    if (!rawHeld) return;
    rawHeld = false;
    queue.release();
  };
  const finish = async (op: () => Promise<void>) => {
    try {
      await op();
    } finally {
      repairDepth(ds, qr);
      if (rawHeld && qr.transactionDepth === 0) endRaw();
    }
  };
  qr.commitTransaction = () => finish(commit);
  qr.rollbackTransaction = () => finish(rollback);
}

/**
 * Run `work` in a transaction: queued on SQLite, a savepoint when called inside another
 * transaction of the same DataSource. Same as `ds.transaction(work)` on a DataSource from
 * `createDataSource`; this one also covers a DataSource made elsewhere.
 */
export function runInTransaction<T>(ds: DataSource, work: Work<T>): Promise<T> {
  installTransactionQueue(ds);
  return ds.manager.transaction(work);
}

/** Whether the current async context is inside a transaction of `ds` opened by `runInTransaction`/`ds.transaction`. */
export function inTransactionContext(ds: DataSource): boolean {
  return Boolean(currentFrame(ds));
}
