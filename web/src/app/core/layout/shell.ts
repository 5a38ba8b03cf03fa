import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import {
  NavigationCancel,
  NavigationEnd,
  NavigationError,
  NavigationStart,
  Router,
  RouterLink,
  RouterLinkActive,
  RouterOutlet,
} from '@angular/router';
import { filter, map } from 'rxjs';

import { AuthStore } from '../auth/auth.store';
import { LiveIndicator } from '../live/live-indicator';
import { LiveStatusService } from '../live/live-status.service';
import { ADMIN_LINKS, CLIENTE_LINKS } from './nav-links';

/** Toolbar, navigation drawer (side panel on wide screens, overlay on phones) and page outlet. */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatIconModule,
    MatButtonModule,
    MatProgressBarModule,
    LiveIndicator,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  protected readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 959.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly links = computed(() => (this.auth.isAdmin() ? ADMIN_LINKS : CLIENTE_LINKS));
  /** True while the router loads a lazy page, so slow networks show progress instead of nothing. */
  protected readonly navegando = toSignal(
    this.router.events.pipe(
      filter(
        (event) =>
          event instanceof NavigationStart ||
          event instanceof NavigationEnd ||
          event instanceof NavigationCancel ||
          event instanceof NavigationError,
      ),
      map((event) => event instanceof NavigationStart),
    ),
    { initialValue: false },
  );

  private readonly sidenav = viewChild<MatSidenav>('sidenav');
  private readonly main = viewChild<ElementRef<HTMLElement>>('main');

  constructor() {
    // Instantiating the service starts the live stream whenever a user is signed in.
    inject(LiveStatusService);
  }

  protected closeOnHandset(): void {
    if (this.handset()) {
      void this.sidenav()?.close();
    }
  }

  protected toggleMenu(): void {
    void this.sidenav()?.toggle();
  }

  protected focusMain(): void {
    this.main()?.nativeElement.focus();
  }

  protected logout(): void {
    this.auth.logout().subscribe();
  }
}
