import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subscription, finalize } from 'rxjs';

import { PedidosApi } from '../../core/api/pedidos-api';
import { ApiError, toApiError } from '../../core/errors/api-error';
import { TrackedPedidos } from '../../core/tracking/tracked-pedidos';

interface ListaState {
  cargando: boolean;
  error: ApiError | null;
  page: number;
  size: number;
  total: number;
}

/** The signed-in customer's active orders with their tracking staleness. */
@Injectable()
export class MisPedidosService {
  private readonly api = inject(PedidosApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly pedidos = new TrackedPedidos();
  private request: Subscription | null = null;

  private readonly state = signal<ListaState>({ cargando: false, error: null, page: 1, size: 20, total: 0 });

  readonly filas = this.pedidos.filas;
  readonly trackingNoDisponible = this.pedidos.trackingNoDisponible;
  readonly cargando = computed(() => this.state().cargando);
  readonly error = computed(() => this.state().error);
  readonly page = computed(() => this.state().page);
  readonly size = computed(() => this.state().size);
  readonly total = computed(() => this.state().total);

  load(page = this.state().page, size = this.state().size): void {
    this.state.update((s) => ({ ...s, cargando: true, error: null, page, size }));
    this.request?.unsubscribe();
    this.request = this.api
      .list({ activos: true, page, size })
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.state.update((s) => ({ ...s, cargando: false }))),
      )
      .subscribe({
        next: (pagina) => {
          this.pedidos.set(pagina.items);
          this.state.update((s) => ({ ...s, total: pagina.total }));
        },
        error: (error: unknown) => this.state.update((s) => ({ ...s, error: toApiError(error) })),
      });
  }
}
