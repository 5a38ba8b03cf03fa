import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, finalize, tap } from 'rxjs';

import { ClientesApi } from '../../core/api/clientes-api';
import { CambiosCliente, Cliente } from '../../core/api/models';
import { ApiError, toApiError } from '../../core/errors/api-error';

interface PerfilState {
  cliente: Cliente | null;
  cargando: boolean;
  guardando: boolean;
  error: ApiError | null;
}

/** The signed-in customer's own profile. */
@Injectable()
export class PerfilService {
  private readonly api = inject(ClientesApi);
  private readonly destroyRef = inject(DestroyRef);

  private readonly state = signal<PerfilState>({ cliente: null, cargando: false, guardando: false, error: null });
  readonly cliente = computed(() => this.state().cliente);
  readonly cargando = computed(() => this.state().cargando);
  readonly guardando = computed(() => this.state().guardando);
  readonly error = computed(() => this.state().error);

  load(): void {
    this.state.update((s) => ({ ...s, cargando: true, error: null }));
    this.api
      .me()
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.state.update((s) => ({ ...s, cargando: false }))),
      )
      .subscribe({
        next: (cliente) => this.state.update((s) => ({ ...s, cliente })),
        error: (error: unknown) => this.state.update((s) => ({ ...s, error: toApiError(error) })),
      });
  }

  save(cambios: CambiosCliente): Observable<Cliente> {
    this.state.update((s) => ({ ...s, guardando: true }));
    return this.api.updateMe(cambios).pipe(
      tap((cliente) => this.state.update((s) => ({ ...s, cliente }))),
      finalize(() => this.state.update((s) => ({ ...s, guardando: false }))),
    );
  }
}
