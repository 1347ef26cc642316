// Throwaway real servers (and the helpers behind them) for tests that need MariaDB or Redis.
export { startMariaDb, type MariaDbServer } from './start-mariadb.ts';
export { startRedis, type RedisServer } from './start-redis.ts';
export { freePort } from './free-port.ts';
export { makeTempDir } from './make-temp-dir.ts';
