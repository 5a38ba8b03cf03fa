import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { signIn } from '../../../testing/sign-in';
import { AuthStore } from '../auth/auth.store';
import { NotificationService } from '../errors/notification.service';
import { LIVE_FETCH, LIVE_STREAM_URL, LiveStatusService, parseTracking } from './live-status.service';

interface FetchCall {
  url: string;
  headers: Record<string, string>;
}

/** Builds a response whose body streams the given chunks and then ends. */
function streamResponse(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(encoder.encode(chunk));
      }
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

function trackingEvent(id: string, numero: string, version: number): string {
  const tracking = {
    numero,
    cliente_id: 'c-1',
    estado: 'ENVIADO',
    version,
    actualizado_en: '2026-01-10T12:00:00Z',
    sincronizado_en: '2026-01-10T12:00:01Z',
  };
  return `id: ${id}\nevent: estado\ndata: ${JSON.stringify(tracking)}\n\n`;
}

describe('LiveStatusService', () => {
  let calls: FetchCall[];
  let responses: (() => Response)[];
  let httpMock: HttpTestingController;

  beforeEach(() => {
    calls = [];
    responses = [];
    // Short, predictable backoff: the delay is half fixed, half random.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: NotificationService, useValue: { info: vi.fn(), error: vi.fn() } },
        {
          provide: LIVE_FETCH,
          useValue: async (url: string, init: RequestInit) => {
            calls.push({ url, headers: { ...(init.headers as Record<string, string>) } });
            const next = responses.shift();
            return next ? next() : new Response('', { status: 404 });
          },
        },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
  });

  afterEach(() => vi.restoreAllMocks());

  function startSignedIn(): LiveStatusService {
    const service = TestBed.inject(LiveStatusService);
    signIn(TestBed.inject(AuthStore), httpMock, ['ROLE_CLIENTE'], 'live-token');
    TestBed.tick();
    return service;
  }

  it('stays idle while signed out', () => {
    const service = TestBed.inject(LiveStatusService);
    TestBed.tick();

    expect(service.status()).toBe('inactivo');
    expect(calls).toHaveLength(0);
  });

  it('reads estado events with the bearer token', async () => {
    responses.push(() =>
      streamResponse([trackingEvent('1-0', 'PED-1', 2), ': ping\n\n', trackingEvent('2-0', 'PED-2', 5)]),
    );

    const service = startSignedIn();

    await vi.waitFor(() => expect(service.latest().size).toBe(2));
    expect(calls[0].url).toBe(LIVE_STREAM_URL);
    expect(calls[0].headers['Authorization']).toBe('Bearer live-token');
    expect(calls[0].headers['Last-Event-ID']).toBeUndefined();
    expect(service.latest().get('PED-2')?.version).toBe(5);
  });

  it('keeps the newest version of an order', async () => {
    responses.push(() => streamResponse([trackingEvent('1-0', 'PED-1', 3), trackingEvent('2-0', 'PED-1', 2)]));

    const service = startSignedIn();

    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(1));
    expect(service.latest().get('PED-1')?.version).toBe(3);
  });

  it('reconnects with Last-Event-ID after the stream ends', async () => {
    responses.push(() => streamResponse([trackingEvent('7-0', 'PED-1', 2)]));

    startSignedIn();

    await vi.waitFor(() => expect(calls).toHaveLength(2), { timeout: 3000 });
    expect(calls[1].headers['Last-Event-ID']).toBe('7-0');
  });

  it('shows reconnecting when the endpoint is missing', async () => {
    const service = startSignedIn();

    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await vi.waitFor(() => expect(service.status()).toBe('reconectando'));
  });

  it('stops and forgets events on logout', async () => {
    responses.push(() => streamResponse([trackingEvent('1-0', 'PED-1', 2)]));
    const service = startSignedIn();
    await vi.waitFor(() => expect(service.latest().size).toBe(1));

    TestBed.inject(AuthStore).clear();
    TestBed.tick();

    expect(service.status()).toBe('inactivo');
    expect(service.latest().size).toBe(0);
  });
});

describe('parseTracking', () => {
  it('accepts a Tracking payload', () => {
    expect(parseTracking('{"numero":"PED-1","version":3,"estado":"CREADO"}')?.version).toBe(3);
  });

  it.each(['not json', '42', 'null', '{"numero":"PED-1"}', '{"version":1}'])('rejects %s', (data) => {
    expect(parseTracking(data)).toBeNull();
  });
});
