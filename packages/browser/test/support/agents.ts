import type { AgentDefinition } from '@flotilla/core';

/** An agent that doubles its input and counts how often it really ran. */
export function countingAgent(name = 'double') {
  const probe = {
    calls: 0,
    agent: {
      name,
      version: '1',
      run: async (input: number) => {
        probe.calls++;
        return { doubled: input * 2 };
      },
    } satisfies AgentDefinition<number, { doubled: number }>,
  };
  return probe;
}
