/** The home page's first dispatch: three inputs, two at a time, under a $0.01 budget. */
import { dispatch } from '@flotilla/core';

const run = await dispatch({
  agent: async (text: string, ctx) => {
    ctx.reportCost(0.001); // what your model call cost, in USD
    return text.toUpperCase(); // stands in for the model's answer
  },
  inputs: ['first', 'second', 'third'],
  limits: { maxConcurrent: 2, maxTotalCostUsd: 0.01, costPerAgentUsd: 0.002 },
});
console.log(run.stopReason, run.results.map((result) => result.value), run.stats.costUsd);
