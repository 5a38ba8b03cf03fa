import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';

import { ClientesApi } from '../../../core/api/clientes-api';
import { Cliente } from '../../../core/api/models';

const SEARCH_DEBOUNCE_MS = 300;
const MAX_OPCIONES = 10;

/** Text field that searches active customers by name or email and emits the one chosen. */
@Component({
  selector: 'app-cliente-picker',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field class="picker">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        type="search"
        [formControl]="busqueda"
        [matAutocomplete]="auto"
        placeholder="Nombre o correo"
        data-testid="cliente-picker"
      />
      <mat-autocomplete #auto="matAutocomplete" [displayWith]="display" (optionSelected)="select($event.option.value)">
        @for (cliente of opciones(); track cliente.id) {
          <mat-option [value]="cliente" [attr.data-testid]="'cliente-option-' + cliente.id">
            <bdi>{{ cliente.nombre }}</bdi> · <bdi>{{ cliente.email }}</bdi>
          </mat-option>
        }
      </mat-autocomplete>
      @if (error()) {
        <mat-hint class="picker-error" role="alert">{{ error() }}</mat-hint>
      }
    </mat-form-field>
  `,
  styles: `
    .picker {
      width: 100%;
    }
    .picker-error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ClientePicker {
  private readonly api = inject(ClientesApi);

  readonly label = input('Cliente');
  /** Message shown under the field, for example when the form needs a customer. */
  readonly error = input('');
  /** The chosen customer, or null once the user edits the text again. */
  readonly seleccionado = output<Cliente | null>();

  protected readonly busqueda = new FormControl<string | Cliente>('', { nonNullable: true });
  protected readonly opciones = toSignal(
    this.busqueda.valueChanges.pipe(
      filter((value): value is string => typeof value === 'string'),
      debounceTime(SEARCH_DEBOUNCE_MS),
      map((value) => value.trim()),
      distinctUntilChanged(),
      switchMap((q) =>
        this.api.list({ q, activo: true, size: MAX_OPCIONES }).pipe(
          map((pagina) => pagina.items),
          catchError(() => of<Cliente[]>([])),
        ),
      ),
    ),
    { initialValue: [] as Cliente[] },
  );

  constructor() {
    this.busqueda.valueChanges
      .pipe(
        filter((value) => typeof value === 'string'),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.seleccionado.emit(null));
  }

  protected readonly display = (value: Cliente | string | null): string =>
    value && typeof value === 'object' ? `${value.nombre} · ${value.email}` : (value ?? '');

  protected select(cliente: Cliente): void {
    this.seleccionado.emit(cliente);
  }
}
