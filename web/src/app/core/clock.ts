import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/** How often relative times such as "hace 3 min" are recomputed. */
const TICK_MS = 15_000;

/** Current time as a signal, so views that show ages update without reloading. */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly nowState = signal(Date.now());
  readonly now = this.nowState.asReadonly();

  constructor() {
    const timer = setInterval(() => this.nowState.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
