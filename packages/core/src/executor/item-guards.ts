import type { DispatchGuards, ScreenedInput } from '../guards/dispatch-guards.js';
import type { CompiledTemplate } from '../guards/template.js';
import { messageOf } from '../errors.js';
import type { AgentResult } from './agent-result.js';
import type { Item } from './item.js';
import { failedResult, okResult } from './results.js';
import type { StopSignal } from './stop.js';

/** The run's guards as they apply to one item: its input before the agent, its answer after. */
export class ItemGuards<I, O> {
  constructor(
    private readonly guards: DispatchGuards,
    private readonly template: CompiledTemplate | undefined,
    private readonly stop: StopSignal,
  ) {}

  /**
   * Apply the input guards once: injection check (throws under 'reject',
   * failing the item), redaction, then the template on what the agent gets.
   * A promise only for an async injection detector; the built-in rules answer at once.
   */
  screen(item: Item<I>): Promise<void> | undefined {
    if (item.screened) return undefined;
    const screened = this.guards.screenInput(item.input, this.stop.signal);
    if (screened instanceof Promise) return screened.then((settled) => this.apply(item, settled));
    this.apply(item, screened);
    return undefined;
  }

  /** The result of an agent's answer, after the output guards; an output they cannot process fails the item. */
  succeeded(item: Item<I>, value: O): AgentResult<I, O> {
    let output: ReturnType<DispatchGuards['screenOutput']>;
    try {
      output = this.guards.screenOutput(value);
    } catch (error) {
      return failedResult(item, {
        code: 'agent_error',
        message: `the agent's answer could not be screened by the output guards (${messageOf(error)}); it was not returned. Return a smaller or flatter value, or turn guards.redactOutputs off`,
      });
    }
    if (output.meta) item.meta = { ...item.meta, ...output.meta };
    return okResult(item, output.value as O);
  }

  private apply(item: Item<I>, screened: ScreenedInput<I>): void {
    item.screened = true;
    item.agentInput = screened.input;
    item.meta = screened.meta;
    item.passed = screened.passed;
    item.prompt = this.template?.render(screened.input);
  }
}
