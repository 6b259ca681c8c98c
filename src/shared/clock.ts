/** Time comes from here, never from `Date.now()` in business code, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | number = Date.now()) {
    this.ms = typeof start === "number" ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(to: Date | number): void {
    this.ms = typeof to === "number" ? to : to.getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
