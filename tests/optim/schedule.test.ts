// Learning-rate schedules against multipliers computed by hand from torch.optim.lr_scheduler's formulas.
// Pure JS arithmetic without tensors, so it runs once rather than per backend.
import { describe, expect, it } from 'vitest';
import type { ScheduleConfig } from '../../src/config/types.js';
import { scheduleMultiplier } from '../../src/optim/schedule.js';

const at = (schedule: ScheduleConfig, steps: number[], total: number) => steps.map((t) => scheduleMultiplier(schedule, t, total));

describe('scheduleMultiplier', () => {
  it('constant is 1 at every update', () => {
    expect(at({ kind: 'constant' }, [1, 2, 50, 100], 100)).toEqual([1, 1, 1, 1]);
  });

  it('step multiplies by gamma after every `every` updates', () => {
    // every 10, gamma 0.5: updates 1..10 -> 1, 11..20 -> 0.5, 21..30 -> 0.25.
    expect(at({ kind: 'step', every: 10, gamma: 0.5 }, [1, 10, 11, 20, 21, 30], 30)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('cosine anneals from 1 toward min_factor over the run', () => {
    // T = 100, min 0.1: t = 1 -> 1; t = 26 -> 0.1 + 0.9 (1 + cos(pi/4))/2 = 0.1 + 0.9 * 0.8535534 = 0.8681981;
    // t = 51 -> 0.1 + 0.9 * 0.5 = 0.55; t = 100 -> 0.1 + 0.9 (1 - cos(pi/100))/2 = 0.1 + 0.9 * 0.00024672 = 0.10022205.
    const values = at({ kind: 'cosine', min_factor: 0.1 }, [1, 26, 51, 100], 100);
    [1, 0.8681981, 0.55, 0.10022205].forEach((expected, i) => expect(values[i]).toBeCloseTo(expected, 7));
  });

  it('warmup rises linearly to 1 at update `steps`, then hands over', () => {
    // steps 4: 1/4, 2/4, 3/4, 4/4, then constant 1.
    expect(at({ kind: 'warmup', steps: 4, then: { kind: 'constant' } }, [1, 2, 3, 4, 5, 9], 9)).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
  });

  it('warmup then cosine runs the cosine over the remaining updates', () => {
    // steps 10, T = 110: the cosine sees t' = t - 10 over 100 updates with min 0:
    // t = 5 -> 0.5; t = 11 (t' = 1) -> 1; t = 61 (t' = 51) -> 0.5; t = 110 (t' = 100) -> (1 - cos(pi/100))/2 = 0.00024672.
    const values = at({ kind: 'warmup', steps: 10, then: { kind: 'cosine', min_factor: 0 } }, [5, 11, 61, 110], 110);
    [0.5, 1, 0.5, 0.00024672].forEach((expected, i) => expect(values[i]).toBeCloseTo(expected, 7));
  });

  it('warmup then step counts the step schedule from the end of warmup', () => {
    // steps 5, then every 2 with gamma 0.1: t = 6, 7 -> 1; t = 8, 9 -> 0.1; t = 10 -> 0.01.
    const values = at({ kind: 'warmup', steps: 5, then: { kind: 'step', every: 2, gamma: 0.1 } }, [6, 7, 8, 9, 10], 10);
    [1, 1, 0.1, 0.1, 0.01].forEach((expected, i) => expect(values[i]).toBeCloseTo(expected, 12));
  });
});
