import { InvalidOptionsError } from '../errors.js';
import type { Agent, AgentDefinition } from '../types.js';

/** Accept a plain function or a definition, and return a definition. */
export function toAgentDefinition<I, O>(agent: Agent<I, O>): AgentDefinition<I, O> {
  if (typeof agent === 'function') return { name: agent.name || 'anonymous', run: agent };
  if (agent && typeof agent === 'object' && typeof agent.run === 'function') {
    if (typeof agent.name !== 'string' || agent.name === '') {
      throw new InvalidOptionsError('agent.name must be a non-empty string');
    }
    return agent;
  }
  throw new InvalidOptionsError('agent must be a function (input, ctx) => value or an object { name, run }');
}
