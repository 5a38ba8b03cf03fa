import { ChangeDetectionStrategy, Component, Injector, OnInit, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { debounceTime, filter, merge, switchMap } from 'rxjs';

import { Cliente } from '../../../core/api/models';
import { toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { isolateBidi } from '../../../shared/bidi';
import { ConfirmDialog, ConfirmDialogData } from '../../../shared/confirm-dialog';
import { ProblemMessage } from '../../../shared/problem-message';
import { ClientesService } from '../clientes.service';
import { ClienteDialog, ClienteDialogData } from '../components/cliente-dialog';

const SEARCH_DEBOUNCE_MS = 300;

type FiltroActivo = 'todos' | 'activos' | 'inactivos';

const ACTIVO_POR_FILTRO: Record<FiltroActivo, boolean | null> = { todos: null, activos: true, inactivos: false };

@Component({
  selector: 'app-clientes-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    ProblemMessage,
  ],
  providers: [ClientesService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './clientes.page.html',
  styleUrl: './clientes.page.scss',
})
export class ClientesPage implements OnInit {
  protected readonly service = inject(ClientesService);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly notifications = inject(NotificationService);

  protected readonly busqueda = new FormControl('', { nonNullable: true });
  protected readonly filtroActivo = new FormControl<FiltroActivo>('todos', { nonNullable: true });
  protected readonly columnas = ['nombre', 'email', 'telefono', 'activo', 'acciones'];

  constructor() {
    merge(this.busqueda.valueChanges.pipe(debounceTime(SEARCH_DEBOUNCE_MS)), this.filtroActivo.valueChanges)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.service.filter(this.busqueda.value, ACTIVO_POR_FILTRO[this.filtroActivo.value]));
  }

  ngOnInit(): void {
    this.service.load();
  }

  protected changePage(event: PageEvent): void {
    this.service.changePage(event.pageIndex + 1, event.pageSize);
  }

  protected openDialog(cliente: Cliente | null): void {
    this.dialog
      .open<ClienteDialog, ClienteDialogData, Cliente>(ClienteDialog, {
        data: { cliente },
        // The dialog saves through this page's ClientesService, so the list updates with it.
        injector: this.injector,
        width: '560px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((saved): saved is Cliente => saved !== undefined))
      .subscribe((saved) =>
        this.notifications.info(`Cliente ${isolateBidi(saved.nombre)} ${cliente ? 'actualizado' : 'creado'}.`),
      );
  }

  protected confirmDeactivate(cliente: Cliente): void {
    const data: ConfirmDialogData = {
      titulo: 'Desactivar cliente',
      mensaje: `${isolateBidi(cliente.nombre)} no podrá iniciar sesión ni hacer pedidos. Su historial se conserva.`,
      confirmar: 'Desactivar',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.service.deactivate(cliente)),
      )
      .subscribe({
        next: () => this.notifications.info(`Cliente ${isolateBidi(cliente.nombre)} desactivado.`),
        error: (error: unknown) => this.notifications.error(toApiError(error).message),
      });
  }

  protected readonly trackById = (_index: number, cliente: Cliente) => cliente.id;
}
