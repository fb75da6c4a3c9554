// Types of `env` and `exports` from 'cloudflare:workers' in the tests.
import type { Env as WorkerEnv } from '../src/env.js';

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import('../src/index.js');
    }
    interface Env extends WorkerEnv {}
  }
}
