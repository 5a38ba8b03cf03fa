import { DestroyRef, inject } from '@angular/core';

/** First delay before tracking is read again; each further attempt doubles it. */
export const RECHECK_FIRST_DELAY_MS = 2_000;
/** Maximum delay between two reads, so a view that stays behind still checks every 15 s. */
export const RECHECK_MAX_DELAY_MS = 15_000;

/** Maximum wait for one tracking read. Reads from Redis normally take milliseconds, so a slower one has stalled. */
export const TRACKING_READ_TIMEOUT_MS = 10_000;

/**
 * Timer that re-reads tracking entries with capped exponential backoff (2 s, 4 s, 8 s, 15 s,
 * 15 s, ...) while a view shows orders whose entry lags behind or is unknown. The live stream
 * normally brings the change first. These reads cover a stream that stalled or missed an event.
 * Create it in an injection context: the timer stops when that context is destroyed.
 */
export class TrackingRecheck {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;

  constructor(private readonly read: () => void) {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Schedules the next read unless one is already scheduled. */
  schedule(): void {
    if (this.timer !== null) {
      return;
    }
    const delay = Math.min(RECHECK_FIRST_DELAY_MS * 2 ** this.attempt, RECHECK_MAX_DELAY_MS);
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.read();
    }, delay);
  }

  /** Cancels the scheduled read, and the next schedule starts again at the first delay. */
  stop(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.attempt = 0;
  }
}
