// An example agent for `flotilla run --agent`: it classifies a receipt as
// food, travel or office. It simulates a model call (a short delay and a
// made-up cost of $0.0004 per call) so the example runs offline; swap the
// body for a real API call, or use the built-in `--provider openai-compatible`.

const KEYWORDS = {
  travel: ['air', 'flight', 'ticket', 'uber', 'lyft', 'hotel', 'inn', 'train', 'amtrak', 'car rental', 'hertz', 'gasoline', 'baggage'],
  office: ['paper', 'pens', 'stapler', 'desk', 'monitor', 'cable', 'keyboard', 'printing', 'markers', 'toner', 'webcam', 'headset'],
  food: ['milk', 'coffee', 'latte', 'lunch', 'dinner', 'groceries', 'salad', 'burrito', 'pizza', 'fruit', 'snacks', 'bagel'],
};

/** @type {{ name: string, version: string, estimateCostUsd: () => number, run: (input: { text: string }, ctx: import('@flotilla/core').AgentContext) => Promise<{ label: string }> }} */
export default {
  name: 'classify-receipt',
  version: '1',
  // The most one call costs, in USD: what `--budget` reserves before the call starts.
  estimateCostUsd: () => 0.0004,
  async run(receipt, ctx) {
    const text = (ctx.prompt ?? receipt.text).toLowerCase();
    // Pretend to wait for a model, and stop at once if the run is cancelled.
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, 50 + Math.random() * 150);
      ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(ctx.signal.reason); }, { once: true });
    });
    ctx.reportCost(0.0004);
    const scores = Object.entries(KEYWORDS).map(([label, words]) => [label, words.filter((word) => new RegExp(`\\b${word}`).test(text)).length]);
    scores.sort((a, b) => b[1] - a[1]);
    return { label: scores[0][1] > 0 ? scores[0][0] : 'other' };
  },
};
