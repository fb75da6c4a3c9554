/** Where the tests find Redis: `REDIS_URL`, or the local default every project machine runs. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
