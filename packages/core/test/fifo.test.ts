import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fifo } from '../src/util/fifo.js';

describe('Fifo', () => {
  it('gives items back in the order they came, like an array used as a queue, across compactions', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 1500 }), fc.constant(-1)), { maxLength: 30 }), (steps) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        let next = 0;
        for (const step of steps) {
          // A positive step pushes that many items; -1 drains half of what is queued.
          if (step > 0) {
            for (let i = 0; i < step; i++) {
              fifo.push(next);
              model.push(next++);
            }
          } else {
            const taken: (number | undefined)[] = [];
            const expected: (number | undefined)[] = [];
            for (let i = Math.ceil(model.length / 2); i > 0; i--) {
              taken.push(fifo.shift());
              expected.push(model.shift());
            }
            expect(taken).toEqual(expected);
          }
          expect(fifo.length).toBe(model.length);
        }
        const rest: (number | undefined)[] = [];
        while (fifo.length > 0) rest.push(fifo.shift());
        expect(rest).toEqual(model);
        expect(fifo.shift()).toBeUndefined();
        expect(fifo.length).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
