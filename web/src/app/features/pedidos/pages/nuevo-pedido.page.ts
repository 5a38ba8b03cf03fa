import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { Cliente } from '../../../core/api/models';
import { AuthStore } from '../../../core/auth/auth.store';
import { ApiError, applyFieldErrors, controlErrorText, toApiError } from '../../../core/errors/api-error';
import { NotificationService } from '../../../core/errors/notification.service';
import { Notice } from '../../../shared/notice';
import { ProblemMessage } from '../../../shared/problem-message';
import { LIMITES, VALIDADORES } from '../../../shared/validators';
import { ClientePicker } from '../../clientes/components/cliente-picker';
import { NuevoPedidoService } from '../nuevo-pedido.service';

@Component({
  selector: 'app-nuevo-pedido-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatProgressBarModule,
    ProblemMessage,
    Notice,
    ClientePicker,
  ],
  providers: [NuevoPedidoService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './nuevo-pedido.page.html',
})
export class NuevoPedidoPage implements OnInit {
  private readonly service = inject(NuevoPedidoService);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly auth = inject(AuthStore);

  protected readonly form = inject(NonNullableFormBuilder).group({
    producto: ['', VALIDADORES.producto],
    cantidad: [
      1,
      [Validators.required, Validators.min(1), Validators.max(LIMITES.cantidad), Validators.pattern(/^\d+$/)],
    ],
    direccion_entrega: ['', VALIDADORES.direccionEntrega],
  });
  protected readonly cliente = signal<Cliente | null>(null);
  protected readonly clienteError = signal('');
  protected readonly direccionNoCargada = signal(false);
  protected readonly problem = signal<ApiError | null>(null);
  protected readonly enviando = this.service.enviando;
  protected readonly cargandoDireccion = this.service.cargandoDireccion;
  protected readonly errorText = controlErrorText;

  ngOnInit(): void {
    if (this.auth.isAdmin()) {
      return;
    }
    this.service
      .loadOwnDireccion()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (direccion) => this.prefillDireccion(direccion),
        error: () => this.direccionNoCargada.set(true),
      });
  }

  protected selectCliente(cliente: Cliente | null): void {
    this.cliente.set(cliente);
    if (cliente) {
      this.clienteError.set('');
      this.prefillDireccion(cliente.direccion);
    }
  }

  protected submit(): void {
    const admin = this.auth.isAdmin();
    const cliente = this.cliente();
    if (admin && !cliente) {
      this.clienteError.set('Elige un cliente de la lista.');
    }
    if (this.form.invalid || (admin && !cliente)) {
      this.form.markAllAsTouched();
      return;
    }
    const datos = this.form.getRawValue();
    this.problem.set(null);
    this.service
      .create({
        producto: datos.producto.trim(),
        cantidad: Number(datos.cantidad),
        direccion_entrega: datos.direccion_entrega.trim(),
        ...(admin && cliente ? { cliente_id: cliente.id } : {}),
      })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (pedido) => {
          this.notifications.info(`Pedido ${pedido.numero} creado.`);
          void this.router.navigate(['/pedidos', pedido.numero]);
        },
        error: (error: unknown) => this.showError(error),
      });
  }

  /** Fills the address unless the user has already typed one. */
  private prefillDireccion(direccion: string): void {
    const control = this.form.controls.direccion_entrega;
    if (!control.dirty) {
      control.setValue(direccion);
    }
  }

  private showError(error: unknown): void {
    const apiError = toApiError(error, {
      404: 'No se ha encontrado el cliente del pedido.',
      409: 'El cliente no está activo y no puede hacer pedidos.',
    });
    this.problem.set({ ...apiError, fieldErrors: applyFieldErrors(this.form, apiError.fieldErrors) });
  }
}
