import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, finalize, tap } from 'rxjs';

import { EstadoSincronizacion } from '../../core/api/models';
import { PedidosApi } from '../../core/api/pedidos-api';
import { ApiError, toApiError } from '../../core/errors/api-error';

interface SincronizacionState {
  datos: EstadoSincronizacion | null;
  cargando: boolean;
  reconstruyendo: boolean;
  error: ApiError | null;
  actualizadoEn: number | null;
}

/** State of the outbox relay that copies order changes from MySQL to tracking-service (Redis). */
@Injectable()
export class SincronizacionService {
  private readonly api = inject(PedidosApi);
  private readonly destroyRef = inject(DestroyRef);
  private request: Subscription | null = null;

  private readonly state = signal<SincronizacionState>({
    datos: null,
    cargando: false,
    reconstruyendo: false,
    error: null,
    actualizadoEn: null,
  });

  readonly datos = computed(() => this.state().datos);
  readonly cargando = computed(() => this.state().cargando);
  readonly reconstruyendo = computed(() => this.state().reconstruyendo);
  readonly error = computed(() => this.state().error);
  readonly actualizadoEn = computed(() => this.state().actualizadoEn);

  load(): void {
    if (this.request && !this.request.closed) {
      return;
    }
    this.state.update((s) => ({ ...s, cargando: true }));
    this.request = this.api
      .sincronizacion()
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.state.update((s) => ({ ...s, cargando: false }))),
      )
      .subscribe({
        next: (datos) => this.state.update((s) => ({ ...s, datos, error: null, actualizadoEn: Date.now() })),
        error: (error: unknown) => this.state.update((s) => ({ ...s, error: toApiError(error) })),
      });
  }

  /** Asks pedido-service to re-enqueue every order. The API returns 202 and rebuilds in the background. */
  rebuild(): Observable<unknown> {
    this.state.update((s) => ({ ...s, reconstruyendo: true }));
    return this.api.rebuildTracking().pipe(
      tap(() => this.load()),
      finalize(() => this.state.update((s) => ({ ...s, reconstruyendo: false }))),
    );
  }
}
