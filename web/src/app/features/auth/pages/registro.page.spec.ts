import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { NotificationService } from '../../../core/errors/notification.service';
import { RegistroPage } from './registro.page';

const VALIDOS = {
  nombre: 'Marta Ruiz',
  email: 'marta@example.com',
  password: 'clave-de-marta-1',
  telefono: '+34 611 222 333',
  direccion: 'Calle del Pez 7, 28004 Madrid',
};

describe('RegistroPage', () => {
  let httpMock: HttpTestingController;
  let fixture: ComponentFixture<RegistroPage>;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [RegistroPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: NotificationService, useValue: { info: vi.fn(), error: vi.fn() } },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RegistroPage);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function element(): HTMLElement {
    return fixture.nativeElement as HTMLElement;
  }

  async function fill(values: typeof VALIDOS): Promise<void> {
    for (const [field, value] of Object.entries(values)) {
      const input = element().querySelector(`[data-testid="registro-${field}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    (element().querySelector('[data-testid="registro-submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  function errorTexts(): string[] {
    return [...element().querySelectorAll('mat-error')].map((error) => error.textContent?.trim() ?? '');
  }

  it('rejects a password of 40 ñ before sending it', async () => {
    await fill({ ...VALIDOS, password: 'ñ'.repeat(40) });

    await submit();

    httpMock.expectNone('/api/clientes/registro');
    expect(errorTexts()).toContain('No puede superar 72 bytes: la ñ y las letras con tilde ocupan 2 bytes.');
  });

  it('rejects a phone the API would reject', async () => {
    await fill({ ...VALIDOS, telefono: '600 111 22a' });

    await submit();

    httpMock.expectNone('/api/clientes/registro');
    expect(errorTexts()).toContain('Introduce un teléfono válido (solo números, espacios, +, paréntesis y guiones).');
  });

  it('shows server field errors in Spanish', async () => {
    await fill(VALIDOS);
    await submit();

    const request = httpMock.expectOne('/api/clientes/registro');
    expect(request.request.body).toEqual(VALIDOS);
    request.flush(
      {
        type: 'about:blank',
        title: 'Unprocessable Content',
        status: 422,
        detail: 'One or more fields are invalid.',
        errors: [
          { field: 'telefono', message: "String should match pattern '^\\+?[0-9(][0-9 ()-]{4,22}[0-9]$'" },
          { field: 'version', message: 'Extra inputs are not permitted' },
        ],
      },
      { status: 422, statusText: 'Unprocessable Content' },
    );
    await fixture.whenStable();

    expect(errorTexts()).toContain('Introduce un teléfono válido (solo números, espacios, +, paréntesis y guiones).');
    const problem = element().querySelector('[data-testid="problem-message"]')?.textContent ?? '';
    expect(problem).toContain('Revisa los campos marcados.');
    expect(problem).toContain('Versión: Valor no válido.');
    expect(problem).not.toContain('String should');
    expect(problem).not.toContain('Extra inputs');
  });
});
