import { DestroyRef, Injectable, InjectionToken, effect, inject, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { Tracking } from '../api/models';
import { AuthStore } from '../auth/auth.store';
import { SseParser } from './sse-parser';

export const LIVE_STREAM_URL = '/api/tracking/stream';

/** `inactivo` while logged out; `reconectando` also covers a server that lacks the stream. */
export type LiveStatus = 'inactivo' | 'conectando' | 'en-vivo' | 'reconectando';

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/** The fetch implementation used for the event stream; tests replace it. */
export const LIVE_FETCH = new InjectionToken<FetchFn>('LIVE_FETCH', {
  providedIn: 'root',
  factory: () => (input, init) => fetch(input, init),
});

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** Validates the JSON payload of an `estado` event. */
export function parseTracking(data: string): Tracking | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) {
      return null;
    }
    const candidate = value as Partial<Tracking>;
    return typeof candidate.numero === 'string' && typeof candidate.version === 'number' ? (value as Tracking) : null;
  } catch {
    return null;
  }
}

/**
 * Follows GET /api/tracking/stream while a user is signed in and keeps the newest Tracking per
 * order number. It reads the stream with fetch() so the token travels in the Authorization
 * header (EventSource cannot set headers, and a token in the URL would end up in logs).
 * Reconnects use capped exponential backoff with jitter and send `Last-Event-ID`, so the
 * server can replay the events missed in between.
 */
@Injectable({ providedIn: 'root' })
export class LiveStatusService {
  private readonly auth = inject(AuthStore);
  private readonly fetchFn = inject(LIVE_FETCH);

  private readonly statusState = signal<LiveStatus>('inactivo');
  private readonly latestState = signal<ReadonlyMap<string, Tracking>>(new Map());

  readonly status = this.statusState.asReadonly();
  /** Newest Tracking received live for each order number. */
  readonly latest = this.latestState.asReadonly();

  /** Incremented on every start and stop, so a loop from an earlier session stops itself. */
  private generation = 0;
  private abortController: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failedAttempts = 0;
  private lastEventId = '';
  private serverRetryMs: number | null = null;

  constructor() {
    effect(() => {
      const loggedIn = this.auth.isLoggedIn();
      untracked(() => (loggedIn ? this.start() : this.stop()));
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  private start(): void {
    this.stop();
    void this.connect(this.generation);
  }

  private stop(): void {
    this.generation++;
    this.abortController?.abort();
    this.abortController = null;
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.failedAttempts = 0;
    this.lastEventId = '';
    this.serverRetryMs = null;
    this.statusState.set('inactivo');
    this.latestState.set(new Map());
  }

  private async connect(generation: number): Promise<void> {
    this.statusState.set(this.failedAttempts === 0 ? 'conectando' : 'reconectando');
    const controller = new AbortController();
    this.abortController = controller;
    try {
      const response = await this.fetchFn(LIVE_STREAM_URL, {
        headers: this.requestHeaders(),
        signal: controller.signal,
        cache: 'no-store',
      });
      if (generation !== this.generation) {
        return;
      }
      if (response.status === 401) {
        await this.refreshToken();
      } else if (response.ok && response.body) {
        this.failedAttempts = 0;
        this.statusState.set('en-vivo');
        await this.readStream(response.body, generation);
      }
    } catch {
      // Network failures and aborted reads end up in the reconnect below.
    }
    if (generation === this.generation) {
      this.scheduleReconnect(generation);
    }
  }

  private requestHeaders(): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    const token = this.auth.accessToken();
    if (token) {
      headers['Authorization'] = `Bearer ${token}`;
    }
    if (this.lastEventId) {
      headers['Last-Event-ID'] = this.lastEventId;
    }
    return headers;
  }

  private async refreshToken(): Promise<void> {
    try {
      await firstValueFrom(this.auth.refresh());
    } catch {
      // Signing out flips isLoggedIn, and the effect then stops this loop.
      this.auth.expireSession();
    }
  }

  private async readStream(body: ReadableStream<Uint8Array>, generation: number): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || generation !== this.generation) {
          return;
        }
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          this.lastEventId = event.id;
          if (event.type === 'estado') {
            this.applyTracking(parseTracking(event.data));
          }
        }
        this.serverRetryMs = parser.retryMs;
      }
    } finally {
      reader.releaseLock();
    }
  }

  private applyTracking(tracking: Tracking | null): void {
    if (tracking === null) {
      return;
    }
    const known = this.latestState().get(tracking.numero);
    if (known && known.version >= tracking.version) {
      return;
    }
    this.latestState.update((latest) => new Map(latest).set(tracking.numero, tracking));
  }

  private scheduleReconnect(generation: number): void {
    this.statusState.set('reconectando');
    const base = this.serverRetryMs ?? FIRST_RETRY_MS;
    const ceiling = Math.min(MAX_RETRY_MS, base * 2 ** this.failedAttempts);
    // Half fixed, half random: clients that lost the server together do not return together.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.failedAttempts++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation) {
        void this.connect(generation);
      }
    }, delay);
  }
}
