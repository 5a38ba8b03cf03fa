import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, finalize, tap } from 'rxjs';

import { ClientesApi } from '../../core/api/clientes-api';
import { CambiosCliente, Cliente, NuevoCliente } from '../../core/api/models';
import { ApiError, toApiError } from '../../core/errors/api-error';

interface ClientesState {
  items: Cliente[];
  total: number;
  page: number;
  size: number;
  q: string;
  /** null lists active and inactive customers. */
  activo: boolean | null;
  cargando: boolean;
  error: ApiError | null;
}

/** Customer list for administrators, with search, filter, paging and changes. */
@Injectable()
export class ClientesService {
  private readonly api = inject(ClientesApi);
  private readonly destroyRef = inject(DestroyRef);
  private request: Subscription | null = null;

  private readonly state = signal<ClientesState>({
    items: [],
    total: 0,
    page: 1,
    size: 20,
    q: '',
    activo: null,
    cargando: false,
    error: null,
  });

  readonly items = computed(() => this.state().items);
  readonly total = computed(() => this.state().total);
  readonly page = computed(() => this.state().page);
  readonly size = computed(() => this.state().size);
  readonly activo = computed(() => this.state().activo);
  readonly cargando = computed(() => this.state().cargando);
  readonly error = computed(() => this.state().error);

  load(): void {
    const { q, activo, page, size } = this.state();
    this.state.update((s) => ({ ...s, cargando: true, error: null }));
    this.request?.unsubscribe();
    this.request = this.api
      .list({ q, activo, page, size })
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.state.update((s) => ({ ...s, cargando: false }))),
      )
      .subscribe({
        next: (pagina) => this.state.update((s) => ({ ...s, items: pagina.items, total: pagina.total })),
        error: (error: unknown) => this.state.update((s) => ({ ...s, error: toApiError(error) })),
      });
  }

  /** Applies a new search or filter from the first page. */
  filter(q: string, activo: boolean | null): void {
    this.state.update((s) => ({ ...s, q: q.trim(), activo, page: 1 }));
    this.load();
  }

  changePage(page: number, size: number): void {
    this.state.update((s) => ({ ...s, page, size }));
    this.load();
  }

  create(cliente: NuevoCliente): Observable<Cliente> {
    return this.api.create(cliente).pipe(tap(() => this.load()));
  }

  update(id: string, cambios: CambiosCliente): Observable<Cliente> {
    return this.api.update(id, cambios).pipe(tap((cliente) => this.replace(cliente)));
  }

  deactivate(cliente: Cliente): Observable<unknown> {
    return this.api.deactivate(cliente.id).pipe(tap(() => this.replace({ ...cliente, activo: false })));
  }

  private replace(cliente: Cliente): void {
    this.state.update((s) => ({ ...s, items: s.items.map((c) => (c.id === cliente.id ? cliente : c)) }));
  }
}
