// Learning-rate schedules (SPEC §4): the multiplier of lr at update t = 1..T, each formula the one
// torch.optim.lr_scheduler gives when the scheduler is stepped once after every update (so update t
// sees the scheduler at epoch t - 1).
import type { ScheduleConfig } from '../config/types.js';

/** The lr multiplier of update t (1-based) of a run of totalSteps updates. */
export function scheduleMultiplier(schedule: ScheduleConfig, t: number, totalSteps: number): number {
  switch (schedule.kind) {
    case 'constant':
      return 1;
    case 'step':
      // torch StepLR(step_size = every, gamma): gamma^floor(epoch / every) at epoch t - 1.
      return schedule.gamma ** Math.floor((t - 1) / schedule.every);
    case 'cosine':
      // torch CosineAnnealingLR(T_max = T, eta_min = min_factor lr) at epoch t - 1:
      // min + (1 - min) (1 + cos(pi (t - 1) / T)) / 2, so update 1 uses the full lr.
      return schedule.min_factor + ((1 - schedule.min_factor) * (1 + Math.cos((Math.PI * (t - 1)) / totalSteps))) / 2;
    case 'warmup':
      // torch LinearLR(start_factor = 1/steps, end_factor = 1, total_iters = steps - 1) gives t / steps at
      // epoch t - 1, reaching the full lr at update `steps`; SequentialLR(milestones = [steps]) then hands
      // over to `then`, which restarts its own count over the remaining totalSteps - steps updates.
      if (t <= schedule.steps) return t / schedule.steps;
      return scheduleMultiplier(schedule.then, t - schedule.steps, totalSteps - schedule.steps);
  }
}
